/**
 * The 83 cities TIX.id serves, with their TIX.id ids and provinces.
 * A city's time zone is derived from its province (see `zoneOfProvince` in shared/clock.ts).
 */
import { zoneOfProvince, type IanaZone } from '../clock.js';

export interface City {
  /** TIX.id city id: an 18–19 digit string, never a number. */
  readonly id: string;
  /** UPPER-CASE name as TIX.id spells it. */
  readonly name: string;
  readonly province: Province;
}

const CITY_ROWS = [
  { id: '973818519810478080', name: 'AMBON', province: 'Maluku' },
  { id: '1244607994935726080', name: 'BALI', province: 'Bali' },
  { id: '973818512004878336', name: 'BALIKPAPAN', province: 'Kalimantan Timur' },
  { id: '973818511275069440', name: 'BANDUNG', province: 'Jawa Barat' },
  { id: '1244607994998640640', name: 'BANJARBARU', province: 'Kalimantan Selatan' },
  { id: '973818519542042624', name: 'BANJARMASIN', province: 'Kalimantan Selatan' },
  { id: '973818511182794752', name: 'BATAM', province: 'Kepulauan Riau' },
  { id: '1244607995103498240', name: 'BAUBAU', province: 'Sulawesi Tenggara' },
  { id: '973818511732248576', name: 'BEKASI', province: 'Jawa Barat' },
  { id: '973818519986638848', name: 'BENGKULU', province: 'Bengkulu' },
  { id: '1244607994952503296', name: 'BINJAI', province: 'Sumatera Utara' },
  { id: '1178839445454016512', name: 'BLITAR', province: 'Jawa Timur' },
  { id: '973818511514144768', name: 'BOGOR', province: 'Jawa Barat' },
  { id: '1725288142161850368', name: 'BONDOWOSO', province: 'Jawa Timur' },
  { id: '1711879790585196544', name: 'BONTANG', province: 'Kalimantan Timur' },
  { id: '1651376867036377088', name: 'CIANJUR', province: 'Jawa Barat' },
  { id: '1169755844871467008', name: 'CIKARANG', province: 'Jawa Barat' },
  { id: '973818512071987200', name: 'CILEGON', province: 'Banten' },
  { id: '973818512113930240', name: 'CIREBON', province: 'Jawa Barat' },
  { id: '1178839445470793728', name: 'DEPOK', province: 'Jawa Barat' },
  { id: '1222305861108510720', name: 'DUMAI', province: 'Riau' },
  { id: '1244607995048972288', name: 'DURI', province: 'Riau' },
  { id: '1005975403937935360', name: 'GARUT', province: 'Jawa Barat' },
  { id: '973818520355737600', name: 'GORONTALO', province: 'Gorontalo' },
  { id: '1090769139527593984', name: 'GRESIK', province: 'Jawa Timur' },
  { id: '1897438487989202944', name: 'INDRAMAYU', province: 'Jawa Barat' },
  { id: '967969975509716992', name: 'JAKARTA', province: 'DKI Jakarta' },
  { id: '973818516421480448', name: 'JAMBI', province: 'Jambi' },
  { id: '973818520292823040', name: 'JAYAPURA', province: 'Papua' },
  { id: '1111417698853597184', name: 'JEMBER', province: 'Jawa Timur' },
  { id: '973818520678699008', name: 'KARAWANG', province: 'Jawa Barat' },
  { id: '1129169668045549568', name: 'KEDIRI', province: 'Jawa Timur' },
  { id: '1244607994969280512', name: 'KENDARI', province: 'Sulawesi Tenggara' },
  { id: '1244607994981863424', name: 'KETAPANG', province: 'Kalimantan Barat' },
  { id: '1055594867410874368', name: 'KISARAN', province: 'Sumatera Utara' },
  { id: '1867676382226558976', name: 'KLATEN', province: 'Jawa Tengah' },
  { id: '1722030173747949568', name: 'KUALA KAPUAS', province: 'Kalimantan Tengah' },
  { id: '973818520850665472', name: 'KUPANG', province: 'Nusa Tenggara Timur' },
  { id: '973818516572475392', name: 'LAMPUNG', province: 'Lampung' },
  { id: '1244607995032195072', name: 'LUBUKLINGGAU', province: 'Sumatera Selatan' },
  { id: '1178839445361741824', name: 'MADIUN', province: 'Jawa Timur' },
  { id: '973818514898948096', name: 'MAKASSAR', province: 'Sulawesi Selatan' },
  { id: '973818515335155712', name: 'MALANG', province: 'Jawa Timur' },
  { id: '1244607995065749504', name: 'MAMUJU', province: 'Sulawesi Barat' },
  { id: '973818515440013312', name: 'MANADO', province: 'Sulawesi Utara' },
  { id: '1443370010952085504', name: 'MANOKWARI', province: 'Papua Barat' },
  { id: '973818520519315456', name: 'MATARAM', province: 'Nusa Tenggara Barat' },
  { id: '973818515087691776', name: 'MEDAN', province: 'Sumatera Utara' },
  { id: '1178839445403684864', name: 'MOJOKERTO', province: 'Jawa Timur' },
  { id: '973818520594812928', name: 'PADANG', province: 'Sumatera Barat' },
  { id: '973818520158605312', name: 'PALANGKARAYA', province: 'Kalimantan Tengah' },
  { id: '973818515746197504', name: 'PALEMBANG', province: 'Sumatera Selatan' },
  { id: '973818520410263552', name: 'PALU', province: 'Sulawesi Tengah' },
  { id: '1197682360502464512', name: 'PANGKAL PINANG', province: 'Kepulauan Bangka Belitung' },
  { id: '1070830258023837696', name: 'PEKALONGAN', province: 'Jawa Tengah' },
  { id: '973818519131000832', name: 'PEKANBARU', province: 'Riau' },
  { id: '1244607995137052672', name: 'PEMATANG SIANTAR', province: 'Sumatera Utara' },
  { id: '1244607995116081152', name: 'PONOROGO', province: 'Jawa Timur' },
  { id: '973818517893681152', name: 'PONTIANAK', province: 'Kalimantan Barat' },
  { id: '1244607995015417856', name: 'PRABUMULIH', province: 'Sumatera Selatan' },
  { id: '1178839445420462080', name: 'PROBOLINGGO', province: 'Jawa Timur' },
  { id: '1178839445500153856', name: 'PURWAKARTA', province: 'Jawa Barat' },
  { id: '1178839445437239296', name: 'PURWOKERTO', province: 'Jawa Tengah' },
  { id: '1103067679159234560', name: 'RANTAU PRAPAT', province: 'Sumatera Utara' },
  { id: '1584791871496925184', name: 'ROKAN HILIR', province: 'Riau' },
  { id: '973818514064281600', name: 'SAMARINDA', province: 'Kalimantan Timur' },
  { id: '1244607994877005824', name: 'SAMPIT', province: 'Kalimantan Tengah' },
  { id: '973818514206887936', name: 'SEMARANG', province: 'Jawa Tengah' },
  { id: '1244607995082526720', name: 'SERANG', province: 'Banten' },
  { id: '987103552646156288', name: 'SIDOARJO', province: 'Jawa Timur' },
  { id: '973818520464789504', name: 'SINGKAWANG', province: 'Kalimantan Barat' },
  { id: '1072645973232070656', name: 'SOLO', province: 'Jawa Tengah' },
  { id: '1235714215080112128', name: 'SORONG', province: 'Papua Barat Daya' },
  { id: '973818520808722432', name: 'SUMEDANG', province: 'Jawa Barat' },
  { id: '973818513581936640', name: 'SURABAYA', province: 'Jawa Timur' },
  { id: '973818514345299968', name: 'TANGERANG', province: 'Banten' },
  { id: '973818520758390784', name: 'TANJUNG PINANG', province: 'Kepulauan Riau' },
  { id: '1605700896530903040', name: 'TARAKAN', province: 'Kalimantan Utara' },
  { id: '973818520234102784', name: 'TASIKMALAYA', province: 'Jawa Barat' },
  { id: '1178839445546291200', name: 'TEGAL', province: 'Jawa Tengah' },
  { id: '996542011358056448', name: 'TERNATE', province: 'Maluku Utara' },
  { id: '1851329662932758528', name: 'TIMIKA', province: 'Papua Tengah' },
  { id: '973818517310672896', name: 'YOGYAKARTA', province: 'DI Yogyakarta' },
] as const;

export type Province = (typeof CITY_ROWS)[number]['province'];

export const CITIES: readonly City[] = CITY_ROWS;

const byName = new Map(CITIES.map((c) => [c.name, c]));
const byId = new Map(CITIES.map((c) => [c.id, c]));

/** Normalise a user- or API-supplied city name: trimmed, single-spaced, UPPER-CASE. */
export function normaliseCityName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toUpperCase();
}

export function cityByName(name: string): City | undefined {
  return byName.get(normaliseCityName(name));
}

export function cityById(id: string): City | undefined {
  return byId.get(id);
}

/**
 * Names of cities the built-in table does not know: their showtimes would be read as WIB, which is
 * wrong if TIX.id opens a city in WITA or WIT. The movies scraper warns about them on every run.
 */
export function citiesWithoutKnownZone(names: Iterable<string>): string[] {
  return [...new Set([...names].map(normaliseCityName))].filter((n) => !byName.has(n)).sort();
}

/** The IANA zone of a city (WIB, WITA or WIT). Unknown cities are WIB, the zone of most of them. */
export function cityZone(name: string): IanaZone {
  const city = cityByName(name);
  return city ? zoneOfProvince(city.province) : 'Asia/Jakarta';
}
