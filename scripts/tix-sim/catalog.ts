/**
 * Invented raw material for the generator: movie titles, genres, mall names, streets, room
 * categories and prices, and how many theatres each city has at national scale. Nothing here is
 * copied from captures; it only follows the shapes and proportions `tix-api.md` describes.
 */

/** Genre names with numeric ids; both `Sci-fi` and `Scifi` exist, as on TIX.id. */
export const GENRE_IDS: Readonly<Record<string, number>> = {
  Action: 1,
  Adventure: 2,
  Animation: 3,
  Comedy: 4,
  Drama: 5,
  Family: 6,
  Fantasy: 7,
  Horror: 8,
  Music: 9,
  Mystery: 10,
  Romance: 11,
  'Sci-fi': 12,
  Thriller: 13,
  Crime: 14,
  History: 15,
  Scifi: 16,
};

export interface MovieSeed {
  title: string;
  genres: string[];
  age: 'SU' | 'P' | 'R' | 'D';
  /** 0..1: how widely it is shown and how full its shows get. */
  popularity: number;
  /** Chains that carry it nationally. */
  chains: ('XXI' | 'CGV' | 'Cinépolis')[];
  country?: string;
  presale?: boolean;
}

const ALL: MovieSeed['chains'] = ['XXI', 'CGV', 'Cinépolis'];

/** The first entry is the wide release (shown in every theatre of every city). */
export const MOVIE_SEEDS: readonly MovieSeed[] = [
  { title: 'STARFALL: THE LAST HORIZON', genres: ['Sci-fi', 'Adventure', 'Fantasy'], age: 'R', popularity: 1, chains: ALL },
  { title: 'KERETA MALAM KE BANYUWANGI', genres: ['Horror'], age: 'D', popularity: 0.85, chains: ALL },
  { title: 'SI KANCIL DAN HUTAN AJAIB', genres: ['Animation', 'Family'], age: 'SU', popularity: 0.8, chains: ALL },
  { title: 'MAMA, AKU PULANG', genres: ['Family', 'Drama'], age: 'R', popularity: 0.75, chains: ALL },
  { title: 'IRON TIDE', genres: ['Scifi', 'Action'], age: 'R', popularity: 0.7, chains: ALL, country: 'USA' },
  { title: 'KUNTILANAK: MALAM JUMAT KLIWON', genres: ['Horror'], age: 'D', popularity: 0.7, chains: ALL },
  { title: 'WARUNG KOPI MBAK SRI', genres: ['Comedy'], age: 'R', popularity: 0.6, chains: ['XXI'] },
  { title: 'THE LAST RECKONING', genres: ['Action', 'Thriller'], age: 'D', popularity: 0.6, chains: ['CGV', 'Cinépolis'] },
  { title: 'CINTA DI UJUNG SENJA', genres: ['Romance', 'Drama'], age: 'R', popularity: 0.55, chains: ALL },
  { title: 'MY BUDDY THE DRAGON 2', genres: ['Animation', 'Adventure'], age: 'SU', popularity: 0.55, chains: ['CGV', 'Cinépolis'] },
  { title: 'AGEN RAHASIA BETAWI', genres: ['Action', 'Comedy'], age: 'R', popularity: 0.5, chains: ['XXI', 'Cinépolis'] },
  { title: 'MIDNIGHT AT MARLOW`S DINER', genres: ['Horror'], age: 'P', popularity: 0.5, chains: ['XXI', 'Cinépolis'], country: 'USA' },
  { title: 'SANTET LELUHUR', genres: ['Horror'], age: 'D', popularity: 0.5, chains: ALL },
  { title: 'SEOUL SERENADE: LIVE IN CINEMAS', genres: ['Music'], age: 'SU', popularity: 0.3, chains: ALL, presale: true },
  { title: 'DETECTIVE CODA: THE SCARLET BULLET', genres: ['Animation', 'Mystery'], age: 'P', popularity: 0.45, chains: ALL, country: 'Japan' },
  { title: 'HANTU PASAR MINGGU', genres: ['Comedy', 'Horror'], age: 'R', popularity: 0.45, chains: ['XXI'] },
  { title: 'LANGIT BIRU DI BALIK AWAN', genres: ['Drama'], age: 'R', popularity: 0.4, chains: ['XXI'] },
  { title: 'BLOOD MOON PROTOCOL', genres: ['Action', 'Sci-fi'], age: 'D', popularity: 0.4, chains: ALL, presale: true },
  { title: 'TIGA DARA DARI TIMUR', genres: ['Comedy', 'Drama'], age: 'R', popularity: 0.35, chains: ['XXI'] },
  { title: 'SUMPAH PEMUDA 1928', genres: ['History', 'Drama'], age: 'P', popularity: 0.3, chains: ['XXI', 'CGV'] },
  { title: 'PETUALANGAN DIMAS DAN LAUT', genres: ['Family', 'Adventure'], age: 'SU', popularity: 0.3, chains: ALL, presale: true },
  { title: 'REVENANT OF THE DEEP', genres: ['Horror', 'Thriller'], age: 'D', popularity: 0.3, chains: ['CGV'], country: 'USA' },
  { title: 'KAMPUNG ZOMBI', genres: ['Horror', 'Comedy'], age: 'D', popularity: 0.25, chains: ['XXI'] },
  { title: 'PRINCESS OF THE FROZEN PEAK', genres: ['Animation', 'Fantasy'], age: 'SU', popularity: 0.25, chains: ['Cinépolis'] },
  { title: 'ANAK RANTAU', genres: ['Drama', 'Family'], age: 'R', popularity: 0.2, chains: ['XXI'] },
  { title: 'NEON DRIFT', genres: ['Action', 'Crime'], age: 'D', popularity: 0.2, chains: ['CGV', 'Cinépolis'], presale: true },
  { title: 'JALAN PULANG', genres: ['Drama'], age: 'R', popularity: 0.2, chains: ['XXI'] },
  { title: 'MONSTER TRUCK KIDS', genres: ['Animation'], age: 'SU', popularity: 0.15, chains: ['Cinépolis'] },
  { title: 'GARIS WAKTU', genres: ['Romance', 'Scifi'], age: 'R', popularity: 0.15, chains: ['XXI', 'CGV'] },
  { title: 'ORKES DANGDUT TERAKHIR', genres: ['Music', 'Comedy'], age: 'P', popularity: 0.1, chains: ['XXI'], presale: true },
  { title: 'THE QUIET ORCHARD', genres: ['Drama'], age: 'P', popularity: 0.1, chains: ['Cinépolis'], country: 'France' },
];

/** The suffix some cities add to the wide release's title (the same movie id under two titles). */
export const TITLE_3D_SUFFIX = ' (3D)';

/** Theatres per city at national scale: 494 in all, Jakarta 87 (by chain: XXI, CGV, Cinépolis). */
export const NATIONAL_THEATRES: Readonly<Record<string, number>> = {
  JAKARTA: 87, TANGERANG: 33, BEKASI: 25, SURABAYA: 25, BANDUNG: 23, MEDAN: 16, BOGOR: 16, DEPOK: 13,
  MAKASSAR: 8, SEMARANG: 9, YOGYAKARTA: 9, PALEMBANG: 9, BALI: 8, BATAM: 8, MALANG: 8, PEKANBARU: 7,
  SOLO: 7, LAMPUNG: 6, BALIKPAPAN: 6, SAMARINDA: 6, MANADO: 6, CIKARANG: 6, KARAWANG: 6, SIDOARJO: 5,
  PADANG: 5, JAMBI: 5, CIREBON: 5, GRESIK: 4, PONTIANAK: 4, BANJARMASIN: 4, SERANG: 4, CILEGON: 3,
  JAYAPURA: 3, AMBON: 3, KUPANG: 3, MATARAM: 3, KENDARI: 3, PALU: 3, TEGAL: 3, PURWOKERTO: 3, KEDIRI: 3,
  JEMBER: 3, MADIUN: 3, TASIKMALAYA: 3, BENGKULU: 3, PALANGKARAYA: 3, 'TANJUNG PINANG': 3,
  'PANGKAL PINANG': 3, MOJOKERTO: 2, BLITAR: 2, PROBOLINGGO: 2, PEKALONGAN: 2, GARUT: 2, SUMEDANG: 2,
  CIANJUR: 2, PURWAKARTA: 2, INDRAMAYU: 2, BANJARBARU: 2, GORONTALO: 2, TERNATE: 2, SORONG: 2, TIMIKA: 2,
  MANOKWARI: 2, BONTANG: 2, TARAKAN: 2, SAMPIT: 2, SINGKAWANG: 2, DUMAI: 2, BINJAI: 2, KISARAN: 2,
  'PEMATANG SIANTAR': 2, 'RANTAU PRAPAT': 2, LUBUKLINGGAU: 2, BAUBAU: 1, MAMUJU: 1, 'KUALA KAPUAS': 1,
  KETAPANG: 1, DURI: 1, 'ROKAN HILIR': 1, PRABUMULIH: 1, KLATEN: 1, PONOROGO: 1, BONDOWOSO: 1,
};
export const NATIONAL_CHAINS = { XXI: 365, CGV: 72, 'Cinépolis': 57 } as const;
export const JAKARTA_CHAINS = { XXI: 64, CGV: 12, 'Cinépolis': 11 } as const;

export const MALL_PLACES = [
  'MUTIARA', 'CEMPAKA', 'KENANGA', 'MELATI', 'ANGGREK', 'PELANGI', 'CAHAYA', 'NUSANTARA', 'MERDEKA',
  'SEJAHTERA', 'HARMONI', 'PERMATA', 'SAMUDRA', 'BINTANG', 'GARUDA', 'RAJAWALI', 'CENDANA', 'PUSPA',
  'KENCANA', 'SENTOSA', 'MAKMUR', 'BAHARI', 'CEMARA', 'TERATAI', 'MERANTI', 'BERINGIN', 'KASUARI',
  'NIAGA', 'SURYA', 'BULAN', 'DAMAI', 'LESTARI', 'ANDALAS', 'PERWIRA', 'SRIWIJAYA', 'MAJAPAHIT',
  'SAFIR', 'ZAMRUD', 'INTAN', 'KUSUMA', 'SEKAR', 'WIJAYA', 'MANDALA', 'PURNAMA', 'ARJUNA', 'SADEWA',
];
export const MALL_BRANDS = ['GRAND', 'MEGA', 'CITY', 'ROYAL', 'PRIMA', 'SUN', 'STAR', 'METRO', 'NEW', 'CENTRAL'];
export const MALL_TYPES = ['MALL', 'PLAZA', 'SQUARE', 'TOWN SQUARE', 'TRADE CENTER', 'WALK', 'PARK', 'CITY', 'JUNCTION'];
export const STREETS = [
  'Jend. Sudirman', 'Gatot Subroto', 'Ahmad Yani', 'Diponegoro', 'Pemuda', 'Merdeka', 'Veteran',
  'Gajah Mada', 'Hayam Wuruk', 'Pahlawan', 'Imam Bonjol', 'Sisingamangaraja', 'Pattimura', 'Kartini',
  'Raya Bogor', 'Asia Afrika', 'Basuki Rahmat', 'Teuku Umar', 'Slamet Riyadi', 'Urip Sumoharjo',
];

/** A room category as TIX.id names it, with how it is priced and which seat plans it uses. */
export interface CategorySpec {
  category: string;
  /** base price in thousands of rupiah; a range when `spread` > 0. */
  price: number;
  spread: number;
  plans: string[];
}

export const XXI_REGULAR: CategorySpec = { category: '2D', price: 35, spread: 0, plans: ['xxi-160', 'xxi-187', 'xxi-126'] };
export const XXI_3D: CategorySpec = { category: '3D', price: 45, spread: 0, plans: ['xxi-160'] };
export const XXI_PREMIERE: CategorySpec = { category: '2D', price: 100, spread: 0, plans: ['xxi-40'] };
export const XXI_IMAX: CategorySpec[] = [
  { category: 'IMAX 2D', price: 50, spread: 0, plans: ['xxi-288'] },
  { category: 'IMAX 3D', price: 55, spread: 0, plans: ['xxi-288'] },
];
export const CGV_REGULAR: CategorySpec = { category: 'REGULAR 2D', price: 42, spread: 5, plans: ['cgv-126', 'cgv-160'] };
export const CGV_SPECIALS: CategorySpec[] = [
  { category: 'REGULAR 3D', price: 50, spread: 5, plans: ['cgv-126'] },
  { category: 'SATIN 2D', price: 56, spread: 0, plans: ['cgv-64'] },
  { category: 'GOLD CLASS 2D', price: 100, spread: 0, plans: ['cgv-24'] },
  { category: '4DX2D', price: 75, spread: 0, plans: ['cgv-126'] },
  { category: 'SCREENX 2D', price: 60, spread: 5, plans: ['cgv-160'] },
  { category: 'VELVET 2D', price: 80, spread: 0, plans: ['cgv-64'] },
  { category: 'STARIUM 2D', price: 61, spread: 0, plans: ['cgv-160'] },
];
export const CINEPOLIS_REGULAR: CategorySpec = { category: 'REGULAR 2D', price: 37, spread: 0, plans: ['cinepolis-140', 'cinepolis-187'] };
export const CINEPOLIS_SPECIALS: CategorySpec[] = [
  { category: 'REGULAR ', price: 33, spread: 0, plans: ['cinepolis-140'] },
  { category: 'REGULAR 3D', price: 45, spread: 0, plans: ['cinepolis-140'] },
  { category: 'VIP 2D', price: 100, spread: 0, plans: ['cinepolis-40'] },
  { category: 'LUXE 2D', price: 75, spread: 0, plans: ['cinepolis-40'] },
];
