/**
 * The token manager's documents: `auth_tokens/tix_jwt` (the stored token, phone masked) and
 * `auth_tokens/tix_jwt_lease` (shared/token/, docs/data-contract.md). Routed and checked with every
 * other kind in shared/store/documents.ts.
 */
import { z } from 'zod';
import { IsoString } from './fields.js';

export const AuthTokenDoc = z.looseObject({
  token: z
    .string()
    .min(10)
    .refine((t) => !t.startsWith('"'), 'token must be stored without quotes'),
  refresh_token: z
    .string()
    .min(10)
    .refine((t) => !t.startsWith('"'), 'refresh_token must be stored without quotes'),
  stored_at: IsoString,
  phone: z
    .string()
    .refine((p) => /^\d*\**\d*$/.test(p) && p.includes('*'), 'phone must be masked, e.g. 62812****789')
    .or(z.literal('')),
  expires_at: IsoString,
  refresh_expires_at: IsoString,
  source: z.enum(['login', 'refresh']),
});
export type AuthTokenDoc = z.infer<typeof AuthTokenDoc>;

/** `auth_tokens/tix_jwt_lease`: who is renewing the token and until when the others should wait for it. */
export const TokenLeaseDoc = z.looseObject({
  owner: z.string(),
  purpose: z.enum(['refresh', 'login', 'released']),
  acquired_at: z.string(),
  expires_at: z.string(),
});
export type TokenLeaseDoc = z.infer<typeof TokenLeaseDoc>;
