/**
 * The theatre documents and the geocoder's private cache (docs/data-contract.md).
 * Routed and checked with every other kind in shared/store/documents.ts.
 */
import { z } from 'zod';
import { CityName, DoubleField, Id, IsoString, MerchantName } from './fields.js';

export const TheatreDoc = z.strictObject({
  theatre_id: Id,
  name: z.string().min(1),
  merchant: MerchantName,
  city: CityName,
  address: z.string().nullable(),
  /** Written by the geocoder as Doubles (doubleValue even when whole); read back as numbers. */
  lat: z
    .union([z.number().min(-90).max(90), DoubleField.refine((d) => Math.abs(d.value) <= 90, 'expected a latitude')])
    .nullable(),
  lng: z
    .union([z.number().min(-180).max(180), DoubleField.refine((d) => Math.abs(d.value) <= 180, 'expected a longitude')])
    .nullable(),
  place_id: z.string().nullable(),
  room_types: z.array(z.string()),
  last_seen: IsoString,
  created_at: IsoString,
  updated_at: IsoString,
  /** Where lat/lng came from (the geocoder): Google Places or OpenStreetMap Nominatim. */
  geo_source: z.enum(['google', 'osm']).optional(),
  /** When the geocoder wrote lat/lng. */
  geocoded_at: IsoString.optional(),
});
export type TheatreDoc = z.infer<typeof TheatreDoc>;

// ---------------------------------------------------------------- geocode cache (private)

/**
 * `geocode_cache/{key}`: what the geocoder learnt about one theatre name + address + city (the
 * key is a hash of them), so the same theatre is never looked up twice. `found` holds the match
 * that was written; `tried` the providers asked so far (a provider not tried yet may still be
 * asked later, e.g. Google once a key is set).
 */
export const GeocodeCacheDoc = z.strictObject({
  name: z.string(),
  address: z.string().nullable(),
  city: CityName,
  tried: z.array(z.enum(['google', 'osm'])),
  found: z
    .strictObject({
      source: z.enum(['google', 'osm']),
      lat: z.number().min(-90).max(90),
      lng: z.number().min(-180).max(180),
      place_id: z.string().nullable(),
      label: z.string(),
    })
    .nullable(),
  /** Matches refused as too far from the city, one line each. */
  rejected: z.array(z.string()),
  looked_up_at: IsoString,
});
export type GeocodeCacheDoc = z.infer<typeof GeocodeCacheDoc>;
