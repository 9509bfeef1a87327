/**
 * Invented raw material for the generator: movie titles, genres, mall names, streets, room
 * categories and prices, and how many theatres each city has at national scale. Nothing here is
 * copied from captures; it only follows the shapes and proportions of TIX.id's answers (shared/tix/schemas.ts).
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

/** A title of the season's pool: its genres, age rating, and whether it is an Indonesian film. */
export interface TitleSeed {
  title: string;
  genres: string[];
  age: 'SU' | 'P' | 'R' | 'D';
  local: boolean;
  country?: string;
}

const L = (title: string, genres: string[], age: TitleSeed['age']): TitleSeed => ({ title, genres, age, local: true });
const F = (title: string, genres: string[], age: TitleSeed['age'], country = 'USA'): TitleSeed => ({
  title,
  genres,
  age,
  local: false,
  country,
});

/**
 * The season's titles (invented), walked in a per-seed order; a title met again on a later lap is a
 * sequel (`… 2`). About 60% Indonesian (country `""`, as TIX.id often sends it).
 */
export const TITLE_POOL: readonly TitleSeed[] = [
  F('STARFALL: THE LAST HORIZON', ['Sci-fi', 'Adventure', 'Fantasy'], 'R'),
  L('KERETA MALAM KE BANYUWANGI', ['Horror'], 'D'),
  L('SI KANCIL DAN HUTAN AJAIB', ['Animation', 'Family'], 'SU'),
  L('MAMA, AKU PULANG', ['Family', 'Drama'], 'R'),
  F('IRON TIDE', ['Scifi', 'Action'], 'R'),
  L('KUNTILANAK: MALAM JUMAT KLIWON', ['Horror'], 'D'),
  L('WARUNG KOPI MBAK SRI', ['Comedy'], 'R'),
  F('THE LAST RECKONING', ['Action', 'Thriller'], 'D'),
  L('CINTA DI UJUNG SENJA', ['Romance', 'Drama'], 'R'),
  F('MY BUDDY THE DRAGON', ['Animation', 'Adventure'], 'SU'),
  L('AGEN RAHASIA BETAWI', ['Action', 'Comedy'], 'R'),
  F('MIDNIGHT AT MARLOW`S DINER', ['Horror'], 'P'),
  L('SANTET LELUHUR', ['Horror'], 'D'),
  F('SEOUL SERENADE: LIVE IN CINEMAS', ['Music'], 'SU', 'Korea'),
  F('DETECTIVE CODA: THE SCARLET BULLET', ['Animation', 'Mystery'], 'P', 'Japan'),
  L('HANTU PASAR MINGGU', ['Comedy', 'Horror'], 'R'),
  L('LANGIT BIRU DI BALIK AWAN', ['Drama'], 'R'),
  F('BLOOD MOON PROTOCOL', ['Action', 'Sci-fi'], 'D'),
  L('TIGA DARA DARI TIMUR', ['Comedy', 'Drama'], 'R'),
  L('SUMPAH PEMUDA 1928', ['History', 'Drama'], 'P'),
  L('PETUALANGAN DIMAS DAN LAUT', ['Family', 'Adventure'], 'SU'),
  F('REVENANT OF THE DEEP', ['Horror', 'Thriller'], 'D'),
  L('KAMPUNG ZOMBI', ['Horror', 'Comedy'], 'D'),
  F('PRINCESS OF THE FROZEN PEAK', ['Animation', 'Fantasy'], 'SU'),
  L('ANAK RANTAU', ['Drama', 'Family'], 'R'),
  F('NEON DRIFT', ['Action', 'Crime'], 'D'),
  L('JALAN PULANG', ['Drama'], 'R'),
  F('MONSTER TRUCK KIDS', ['Animation'], 'SU'),
  L('GARIS WAKTU', ['Romance', 'Scifi'], 'R'),
  L('ORKES DANGDUT TERAKHIR', ['Music', 'Comedy'], 'P'),
  F('THE QUIET ORCHARD', ['Drama'], 'P', 'France'),
  L('POCONG GUNUNG KAWI', ['Horror'], 'D'),
  L('RUMAH NENEK DI UJUNG DESA', ['Horror', 'Mystery'], 'D'),
  L('SIKSA TANAH MERAH', ['Horror'], 'D'),
  L('JAILANGKUNG PULANG KAMPUNG', ['Horror', 'Comedy'], 'R'),
  L('SUSTER MALAM BANGSAL 7', ['Horror'], 'D'),
  L('BAPAK, IZINKAN AKU MENIKAH', ['Drama', 'Romance'], 'R'),
  L('KOS-KOSAN BU HAJI', ['Comedy'], 'R'),
  L('SEPATU UNTUK LARAS', ['Family', 'Drama'], 'SU'),
  L('PENDEKAR GUNUNG LAWU', ['Action', 'History'], 'R'),
  L('MUDIK LEBARAN', ['Comedy', 'Family'], 'SU'),
  L('SURAT DARI PAPUA', ['Drama'], 'P'),
  L('GENG MOTOR SMA', ['Action', 'Drama'], 'R'),
  L('DUKUN BERANAK', ['Horror'], 'D'),
  L('NASI GORENG PAK KUMIS', ['Comedy'], 'SU'),
  L('DI BAWAH LANGIT FLORES', ['Romance', 'Adventure'], 'R'),
  L('TUMBAL PESUGIHAN', ['Horror', 'Thriller'], 'D'),
  L('SAHABAT SELAMANYA', ['Drama', 'Comedy'], 'R'),
  L('LASKAR PELANGI SENJA', ['Family', 'Drama'], 'SU'),
  L('MALAM SATU SURO', ['Horror'], 'D'),
  L('RATU PANTAI SELATAN', ['Horror', 'Fantasy'], 'D'),
  L('KAPTEN NUSANTARA', ['Action', 'Sci-fi'], 'R'),
  F('GALAXY COURIERS', ['Animation', 'Scifi'], 'SU'),
  F('THE HOLLOW CROWN OF ASH', ['Fantasy', 'Adventure'], 'R', 'United Kingdom'),
  F('TRAIN TO NOWHERE', ['Horror', 'Action'], 'D', 'Korea'),
  F('HEIST AT HARBOUR NINE', ['Crime', 'Thriller'], 'D'),
  F('LOVE, ACTUALLY IN TOKYO', ['Romance', 'Comedy'], 'R', 'Japan'),
  F('TINY PAWS RESCUE', ['Animation', 'Family'], 'SU'),
  F('COLD WATER CREEK', ['Thriller', 'Mystery'], 'D'),
  F('THE ORBITAL', ['Sci-fi', 'Drama'], 'R'),
  F('KUNG FU GRANDMA', ['Action', 'Comedy'], 'R', 'China'),
  F('SHADOW BLADE CHRONICLES', ['Animation', 'Action'], 'R', 'Japan'),
  F('THE WEDDING CRASHERS OF SEOUL', ['Comedy', 'Romance'], 'R', 'Korea'),
];

/** The suffix some cities add to the wide release's title (the same movie id under two titles). */
export const TITLE_3D_SUFFIX = ' (3D)';

/** Theatres per city at national scale: 494 in all, Jakarta 87 (by chain: XXI, CGV, Cinépolis). */
export const NATIONAL_THEATRES: Readonly<Record<string, number>> = {
  JAKARTA: 87,
  TANGERANG: 33,
  BEKASI: 25,
  SURABAYA: 25,
  BANDUNG: 23,
  MEDAN: 16,
  BOGOR: 16,
  DEPOK: 13,
  MAKASSAR: 8,
  SEMARANG: 9,
  YOGYAKARTA: 9,
  PALEMBANG: 9,
  BALI: 8,
  BATAM: 8,
  MALANG: 8,
  PEKANBARU: 7,
  SOLO: 7,
  LAMPUNG: 6,
  BALIKPAPAN: 6,
  SAMARINDA: 6,
  MANADO: 6,
  CIKARANG: 6,
  KARAWANG: 6,
  SIDOARJO: 5,
  PADANG: 5,
  JAMBI: 5,
  CIREBON: 5,
  GRESIK: 4,
  PONTIANAK: 4,
  BANJARMASIN: 4,
  SERANG: 4,
  CILEGON: 3,
  JAYAPURA: 3,
  AMBON: 3,
  KUPANG: 3,
  MATARAM: 3,
  KENDARI: 3,
  PALU: 3,
  TEGAL: 3,
  PURWOKERTO: 3,
  KEDIRI: 3,
  JEMBER: 3,
  MADIUN: 3,
  TASIKMALAYA: 3,
  BENGKULU: 3,
  PALANGKARAYA: 3,
  'TANJUNG PINANG': 3,
  'PANGKAL PINANG': 3,
  MOJOKERTO: 2,
  BLITAR: 2,
  PROBOLINGGO: 2,
  PEKALONGAN: 2,
  GARUT: 2,
  SUMEDANG: 2,
  CIANJUR: 2,
  PURWAKARTA: 2,
  INDRAMAYU: 2,
  BANJARBARU: 2,
  GORONTALO: 2,
  TERNATE: 2,
  SORONG: 2,
  TIMIKA: 2,
  MANOKWARI: 2,
  BONTANG: 2,
  TARAKAN: 2,
  SAMPIT: 2,
  SINGKAWANG: 2,
  DUMAI: 2,
  BINJAI: 2,
  KISARAN: 2,
  'PEMATANG SIANTAR': 2,
  'RANTAU PRAPAT': 2,
  LUBUKLINGGAU: 2,
  BAUBAU: 1,
  MAMUJU: 1,
  'KUALA KAPUAS': 1,
  KETAPANG: 1,
  DURI: 1,
  'ROKAN HILIR': 1,
  PRABUMULIH: 1,
  KLATEN: 1,
  PONOROGO: 1,
  BONDOWOSO: 1,
};
export const NATIONAL_CHAINS = { XXI: 365, CGV: 72, Cinépolis: 57 } as const;
export const JAKARTA_CHAINS = { XXI: 64, CGV: 12, Cinépolis: 11 } as const;

export const MALL_PLACES = [
  'MUTIARA',
  'CEMPAKA',
  'KENANGA',
  'MELATI',
  'ANGGREK',
  'PELANGI',
  'CAHAYA',
  'NUSANTARA',
  'MERDEKA',
  'SEJAHTERA',
  'HARMONI',
  'PERMATA',
  'SAMUDRA',
  'BINTANG',
  'GARUDA',
  'RAJAWALI',
  'CENDANA',
  'PUSPA',
  'KENCANA',
  'SENTOSA',
  'MAKMUR',
  'BAHARI',
  'CEMARA',
  'TERATAI',
  'MERANTI',
  'BERINGIN',
  'KASUARI',
  'NIAGA',
  'SURYA',
  'BULAN',
  'DAMAI',
  'LESTARI',
  'ANDALAS',
  'PERWIRA',
  'SRIWIJAYA',
  'MAJAPAHIT',
  'SAFIR',
  'ZAMRUD',
  'INTAN',
  'KUSUMA',
  'SEKAR',
  'WIJAYA',
  'MANDALA',
  'PURNAMA',
  'ARJUNA',
  'SADEWA',
];
export const MALL_BRANDS = ['GRAND', 'MEGA', 'CITY', 'ROYAL', 'PRIMA', 'SUN', 'STAR', 'METRO', 'NEW', 'CENTRAL'];
export const MALL_TYPES = [
  'MALL',
  'PLAZA',
  'SQUARE',
  'TOWN SQUARE',
  'TRADE CENTER',
  'WALK',
  'PARK',
  'CITY',
  'JUNCTION',
];
export const STREETS = [
  'Jend. Sudirman',
  'Gatot Subroto',
  'Ahmad Yani',
  'Diponegoro',
  'Pemuda',
  'Merdeka',
  'Veteran',
  'Gajah Mada',
  'Hayam Wuruk',
  'Pahlawan',
  'Imam Bonjol',
  'Sisingamangaraja',
  'Pattimura',
  'Kartini',
  'Raya Bogor',
  'Asia Afrika',
  'Basuki Rahmat',
  'Teuku Umar',
  'Slamet Riyadi',
  'Urip Sumoharjo',
];

/** A room category as TIX.id names it, with how it is priced and which seat plans it uses. */
export interface CategorySpec {
  category: string;
  /** Monday–Thursday base price in thousands of rupiah; a range when `spread` > 0. */
  price: number;
  spread: number;
  plans: string[];
  /** A premium class (priced Rp100.000–Rp150.000 and up at weekends; attended a little less). */
  premium?: boolean;
}

export const XXI_REGULAR: CategorySpec = {
  category: '2D',
  price: 35,
  spread: 0,
  plans: ['xxi-160', 'xxi-187', 'xxi-126'],
};
export const XXI_3D: CategorySpec = { category: '3D', price: 45, spread: 0, plans: ['xxi-160'] };
export const XXI_PREMIERE: CategorySpec = { category: '2D', price: 100, spread: 0, plans: ['xxi-40'], premium: true };
export const XXI_IMAX: CategorySpec[] = [
  { category: 'IMAX 2D', price: 50, spread: 0, plans: ['xxi-288'] },
  { category: 'IMAX 3D', price: 55, spread: 0, plans: ['xxi-288'] },
];
export const CGV_REGULAR: CategorySpec = {
  category: 'REGULAR 2D',
  price: 42,
  spread: 5,
  plans: ['cgv-126', 'cgv-160'],
};
/** Every CGV class the specs list; theatres take them in turn, so a national day has each one. */
export const CGV_SPECIALS: CategorySpec[] = [
  { category: 'REGULAR 3D', price: 50, spread: 5, plans: ['cgv-126'] },
  { category: 'SATIN 2D', price: 56, spread: 0, plans: ['cgv-64'] },
  { category: 'GOLD CLASS 2D', price: 100, spread: 0, plans: ['cgv-24'], premium: true },
  { category: '4DX2D', price: 75, spread: 0, plans: ['cgv-126'] },
  { category: 'SCREENX 2D', price: 60, spread: 5, plans: ['cgv-160'] },
  { category: 'VELVET 2D', price: 80, spread: 0, plans: ['cgv-64'], premium: true },
  { category: 'STARIUM 2D', price: 61, spread: 0, plans: ['cgv-160'] },
  { category: 'SATIN SUITE 2D', price: 100, spread: 0, plans: ['cgv-24'], premium: true },
  { category: 'VELVET BY OCEAN 2D', price: 120, spread: 0, plans: ['cgv-24'], premium: true },
  { category: '4DX3D', price: 80, spread: 0, plans: ['cgv-126'] },
  { category: 'SCREENX 3D', price: 65, spread: 5, plans: ['cgv-160'] },
  { category: 'SCREENX GOLD SCREENX 2D', price: 110, spread: 0, plans: ['cgv-24'], premium: true },
  { category: 'SCREENX GOLD SCREENX 3D', price: 115, spread: 0, plans: ['cgv-24'], premium: true },
  { category: 'STARIUM 3D', price: 66, spread: 0, plans: ['cgv-160'] },
  { category: 'SPHEREX 2D', price: 70, spread: 0, plans: ['cgv-160'] },
  { category: 'REGULAR 3WAY 2D', price: 46, spread: 5, plans: ['cgv-126'] },
];
export const CINEPOLIS_REGULAR: CategorySpec = {
  category: 'REGULAR 2D',
  price: 37,
  spread: 0,
  plans: ['cinepolis-140', 'cinepolis-187'],
};
/** Every Cinépolis class the specs list, including `"REGULAR "` with its trailing space. */
export const CINEPOLIS_SPECIALS: CategorySpec[] = [
  { category: 'REGULAR ', price: 33, spread: 0, plans: ['cinepolis-140'] },
  { category: 'REGULAR 3D', price: 45, spread: 0, plans: ['cinepolis-140'] },
  { category: 'VIP 2D', price: 100, spread: 0, plans: ['cinepolis-40'], premium: true },
  { category: 'LUXE 2D', price: 75, spread: 0, plans: ['cinepolis-40'] },
  { category: 'MACRO XE 2D ATMOS', price: 55, spread: 5, plans: ['cinepolis-187'] },
  { category: 'MACRO XE 3D ATMOS', price: 60, spread: 5, plans: ['cinepolis-187'] },
  { category: 'JOMO 2D', price: 65, spread: 0, plans: ['cinepolis-40'] },
  { category: 'JUNIOR 2D', price: 45, spread: 0, plans: ['cinepolis-140'] },
  { category: 'REGULAR 2D 3D ATMOS HFR', price: 50, spread: 0, plans: ['cinepolis-140'] },
  { category: 'ESSENTIAL AUDI 2D', price: 40, spread: 0, plans: ['cinepolis-140'] },
];
