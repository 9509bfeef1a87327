/**
 * What does not change from day to day in a simulated world: the preset's cities and theatres
 * (names, addresses, rooms, their Monday–Thursday prices) and how big a day is (movies, showtimes).
 * Drawn once per (preset, seed) from the seed alone, so every day of a season has the same theatres.
 */
import { CITIES } from '../../shared/tix/cities.js';
import { zoneOfProvince, type IanaZone } from '../../shared/clock.js';
import {
  CGV_REGULAR,
  CGV_SPECIALS,
  CINEPOLIS_REGULAR,
  CINEPOLIS_SPECIALS,
  JAKARTA_CHAINS,
  MALL_BRANDS,
  MALL_PLACES,
  MALL_TYPES,
  NATIONAL_CHAINS,
  NATIONAL_THEATRES,
  STREETS,
  XXI_3D,
  XXI_IMAX,
  XXI_PREMIERE,
  XXI_REGULAR,
  type CategorySpec,
} from './catalog.js';
import { IdMaker, Rng } from './rng.js';

export type Preset = 'tiny' | 'city' | 'national';
export type SimMerchant = 'XXI' | 'CGV' | 'Cinépolis';

export interface SimCity {
  id: string;
  name: string;
  province: string;
  zone: IanaZone;
}
export interface SimTheatre {
  id: string;
  cityId: string;
  /** As TIX.id sends it: may carry trailing or double spaces. */
  name: string;
  /** As TIX.id sends it: XXI addresses have `\r\n`, blank lines, trailing spaces. */
  address: string;
  merchant: SimMerchant;
  kind: 'regular' | 'premiere' | 'imax';
  zone: IanaZone;
}
/** A room class of a theatre with its Monday–Thursday price (thousands of rupiah; a range when spread > 0). */
export interface RoomClass {
  spec: CategorySpec;
  base: number;
  spread: number;
}
export interface TheatreBuild extends SimTheatre {
  categories: RoomClass[];
  index: number;
}

/** How big a preset's day is. */
export interface DaySize {
  /** Movies on the day's catalogue: [min, max], drawn once a release week. */
  movies: [number, number];
  /** Of which next week's releases in presale. */
  presales: number;
  total: [number, number];
  wide: [number, number];
}

export interface SimStructure {
  preset: Preset;
  seed: number;
  cities: SimCity[];
  theatres: TheatreBuild[];
  size: DaySize;
}

type CitySpec = { name: string; chains: Record<SimMerchant, number> }[];

function nationalCities(rng: Rng): CitySpec {
  // Apportion CGV and Cinépolis over the cities outside Jakarta, weighted by size, keeping at
  // least one XXI in every city with two or more theatres.
  const others = CITIES.filter((c) => c.name !== 'JAKARTA').map((c) => ({
    name: c.name,
    n: NATIONAL_THEATRES[c.name] ?? 1,
    CGV: 0,
    Cinépolis: 0,
  }));
  const room = (o: (typeof others)[number]) => (o.n >= 2 ? o.n - 1 : 1) - o.CGV - o['Cinépolis'];
  for (const chain of ['CGV', 'Cinépolis'] as const) {
    let left = NATIONAL_CHAINS[chain] - JAKARTA_CHAINS[chain];
    while (left > 0) {
      const weights = others.map((o) => Math.max(0, room(o)) * (o.n >= 4 ? 3 : o.n >= 2 ? 1 : 0.3));
      const i = rng.weighted(weights);
      others[i]![chain]++;
      left--;
    }
  }
  return CITIES.map((c) => {
    if (c.name === 'JAKARTA') return { name: c.name, chains: { ...JAKARTA_CHAINS } };
    const o = others.find((x) => x.name === c.name)!;
    return { name: c.name, chains: { XXI: o.n - o.CGV - o['Cinépolis'], CGV: o.CGV, Cinépolis: o['Cinépolis'] } };
  });
}

function presetSpec(preset: Preset, rng: Rng): { cities: CitySpec; size: DaySize } {
  if (preset === 'tiny') {
    return {
      cities: [
        { name: 'JAKARTA', chains: { XXI: 7, CGV: 3, Cinépolis: 2 } },
        { name: 'MAKASSAR', chains: { XXI: 1, CGV: 1, Cinépolis: 0 } },
        { name: 'JAYAPURA', chains: { XXI: 1, CGV: 0, Cinépolis: 0 } },
      ],
      size: { movies: [6, 6], presales: 1, total: [150, 170], wide: [60, 70] },
    };
  }
  if (preset === 'city') {
    return {
      cities: [{ name: 'JAKARTA', chains: { ...JAKARTA_CHAINS } }],
      size: { movies: [18, 22], presales: 1, total: [1550, 1700], wide: [380, 450] },
    };
  }
  return {
    cities: nationalCities(rng),
    size: { movies: [26, 31], presales: 2, total: [12200, 12450], wide: [11050, 11300] },
  };
}
function dirty(name: string, rng: Rng): string {
  const r = rng.next();
  if (r < 0.06) return `${name} `;
  if (r < 0.09) return name.replace(' ', '  ');
  return name;
}

function address(merchant: SimMerchant, mall: string, city: string, rng: Rng): string {
  const street = rng.pick(STREETS);
  const no = rng.int(1, 250);
  const post = rng.int(10110, 99999);
  const cityT = titleCase(city);
  if (merchant === 'XXI') {
    const upper = rng.chance(0.4);
    const lines = [`${upper ? mall : titleCase(mall)} Lt. ${rng.int(1, 6)}`, `Jl. ${street} No. ${no}`];
    if (rng.chance(0.5)) lines.push(`${upper ? city : cityT} ${post}`);
    const tail = rng.pick(['\r\n\r\n ', '\r\n ', '\r\n\r\n', '\r\n\t', '\r\n']);
    const text = lines.join(rng.chance(0.2) ? ' \r\n' : '\r\n') + tail;
    return upper ? text.toUpperCase() : text;
  }
  if (merchant === 'CGV') {
    const nbsp = rng.chance(0.3) ? '\u00a0' : ' ';
    return `${titleCase(mall)} ${rng.int(1, 8)}th${nbsp}Floor, Jl. ${street} No. ${no}, ${cityT} ${post}`;
  }
  return `Jalan ${street} No.${no}, RT.${rng.int(1, 12)}/RW.${rng.int(1, 9)}, Kota ${cityT} , ${cityT}`;
}

const titleCase = (s: string) => s.toLowerCase().replace(/\b\p{L}/gu, (c) => c.toUpperCase());

/** A room's Monday–Thursday base by city tier (big cities dearer). */
function roomClass(spec: CategorySpec, tier: number, rng: Rng): RoomClass {
  const adj = spec.premium
    ? 0
    : tier === 0
      ? rng.pick([0, 5, 10, 15])
      : tier === 1
        ? rng.pick([-5, 0, 5])
        : rng.pick([-10, -5, 0]);
  return { spec, base: Math.max(20, spec.price + adj), spread: spec.spread };
}

/** Takes the next `n` of a list in turn (so every entry of the list is used once the list has gone round). */
class Rotation<T> {
  private at = 0;
  constructor(private readonly items: readonly T[]) {}
  take(n: number): T[] {
    const out: T[] = [];
    for (let k = 0; k < n; k++) out.push(this.items[this.at++ % this.items.length]!);
    return out;
  }
}

function newMallName(city: SimCity, usedMalls: Set<string>, rng: Rng): string {
  for (let attempt = 0; ; attempt++) {
    const r = rng.next();
    const mall =
      attempt === 0 && r < 0.15
        ? `${city.name} ${rng.pick(MALL_TYPES)}`
        : r < 0.55
          ? `${rng.pick(MALL_PLACES)} ${rng.pick(MALL_TYPES)}`
          : r < 0.85
            ? `${rng.pick(MALL_BRANDS)} ${rng.pick(MALL_PLACES)}`
            : `${rng.pick(MALL_BRANDS)} ${rng.pick(MALL_PLACES)} ${rng.pick(MALL_TYPES)}`;
    if (!usedMalls.has(mall)) {
      usedMalls.add(mall);
      return mall;
    }
  }
}

interface Builder {
  rng: Rng;
  ids: IdMaker;
  theatres: TheatreBuild[];
  cgv: Rotation<CategorySpec>;
  cinepolis: Rotation<CategorySpec>;
}

function roomsOf(b: Builder, merchant: SimMerchant, kind: SimTheatre['kind'], tier: number): RoomClass[] {
  const { rng } = b;
  const cat = (s: CategorySpec) => roomClass(s, tier, rng);
  if (merchant === 'XXI' && kind === 'regular')
    return rng.chance(0.35) ? [cat(XXI_REGULAR), cat(XXI_3D)] : [cat(XXI_REGULAR)];
  if (kind === 'premiere') return [cat({ ...XXI_PREMIERE, price: rng.pick([100, 100, 150]) })];
  if (kind === 'imax') return [cat(rng.pick(XXI_IMAX))];
  if (merchant === 'CGV') return [cat(CGV_REGULAR), ...b.cgv.take(rng.int(1, 3)).map(cat)];
  return [cat(CINEPOLIS_REGULAR), ...b.cinepolis.take(rng.int(0, 2)).map(cat)];
}

/** One city's theatres: XXI regulars (a few PREMIERE and IMAX sharing their malls in bigger cities), CGV, Cinépolis. */
function cityTheatres(b: Builder, city: SimCity, chains: Record<SimMerchant, number>): void {
  const { rng } = b;
  const size = chains.XXI + chains.CGV + chains['Cinépolis'];
  const tier = size >= 20 ? 0 : size >= 5 ? 1 : 2;
  const usedMalls = new Set<string>();
  const usedNames = new Set<string>();
  const xxiMalls: string[] = [];
  const add = (merchant: SimMerchant, kind: SimTheatre['kind'], mall: string, suffix: string) => {
    const name = `${mall} ${suffix}`;
    if (usedNames.has(name)) return false;
    usedNames.add(name);
    const categories = roomsOf(b, merchant, kind, tier);
    const prefix = rng.pick(['9738185', '11788394', '12446079', '16513768']);
    b.theatres.push({
      id: b.ids.make(prefix, prefix.length === 7 ? 18 : 19),
      cityId: city.id,
      name: dirty(name, rng),
      address: address(merchant, mall, city.name, rng),
      merchant,
      kind,
      zone: city.zone,
      categories,
      index: b.theatres.length,
    });
    return true;
  };
  const nXxi = chains.XXI;
  const premieres = nXxi >= 6 ? Math.round(nXxi * 0.13) : 0;
  const imaxes = nXxi >= 10 ? Math.max(1, Math.round(nXxi * 0.05)) : 0;
  for (let k = 0; k < nXxi - premieres - imaxes; k++) {
    const mall = newMallName(city, usedMalls, rng);
    xxiMalls.push(mall);
    add('XXI', 'regular', mall, 'XXI');
  }
  for (let k = 0; k < premieres + imaxes; k++) {
    const kind = k < premieres ? 'premiere' : 'imax';
    const suffix = kind === 'premiere' ? 'PREMIERE' : 'IMAX';
    let placed = false;
    for (const mall of rng.shuffle(xxiMalls)) if ((placed = add('XXI', kind, mall, suffix))) break;
    if (!placed) add('XXI', kind, newMallName(city, usedMalls, rng), suffix);
  }
  for (let k = 0; k < chains.CGV; k++) add('CGV', 'regular', newMallName(city, usedMalls, rng), 'CGV');
  for (let k = 0; k < chains['Cinépolis']; k++)
    add('Cinépolis', 'regular', newMallName(city, usedMalls, rng), 'CINEPOLIS');
}

const cache = new Map<string, SimStructure>();

/** The preset's cities and theatres for a seed (cached: pure, and the same for every date). */
export function structureOf(preset: Preset, seed: number): SimStructure {
  const key = `${preset}|${seed}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const rng = new Rng(seed);
  const spec = presetSpec(preset, rng);
  const cities: SimCity[] = spec.cities.map((c) => {
    const city = CITIES.find((x) => x.name === c.name)!;
    return { id: city.id, name: city.name, province: city.province, zone: zoneOfProvince(city.province) };
  });
  const b: Builder = {
    rng,
    ids: new IdMaker(rng),
    theatres: [],
    cgv: new Rotation(rng.shuffle(CGV_SPECIALS)),
    cinepolis: new Rotation(rng.shuffle(CINEPOLIS_SPECIALS)),
  };
  spec.cities.forEach((c, i) => cityTheatres(b, cities[i]!, c.chains));
  const out: SimStructure = { preset, seed, cities, theatres: b.theatres, size: spec.size };
  if (cache.size > 16) cache.clear();
  cache.set(key, out);
  return out;
}
