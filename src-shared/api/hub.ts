/** The hub itself: `GET /api/hub/address`, the addresses teammates on the LAN can reach it at. */
import { z } from 'zod';
import { defineRoute } from './route.js';

export const HUB_ADDRESS_PATH = '/api/hub/address';

export const HubAddressSchema = z.object({
  /** The address the hub listens on, as configured (`0.0.0.0` = every interface). */
  host: z.string(),
  port: z.number().int(),
  /** `http://<address>:<port>` for each of the machine's own non-loopback addresses it answers on. */
  urls: z.array(z.string()),
  /** True when the hub listens only on loopback: teammates cannot reach it at all. */
  loopback_only: z.boolean(),
});
export type HubAddress = z.infer<typeof HubAddressSchema>;

export const hubRoutes = {
  /** Admins only: it names the machine's interfaces. */
  address: defineRoute({
    method: 'GET',
    path: HUB_ADDRESS_PATH,
    response: HubAddressSchema,
    kind: 'json',
  }),
};
