import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { OrganizationsTable } from '../db/schema.ts';

/** What the self-service portal lets a customer do; each can be switched off by the organization. */
export const PORTAL_ACTIONS = ['cards', 'details', 'plan_change', 'cancel'] as const;
export type PortalAction = (typeof PORTAL_ACTIONS)[number];

const COLOUR = /^#[0-9a-fA-F]{6}$/;

/** The portal's look and actions, as the organization's settings show them. */
export const portalSettingsShape = {
  portal_logo_url: z
    .string()
    .nullable()
    .describe('The logo the self-service portal shows (an https address, or a data: URL of an image)'),
  portal_colour: z.string().nullable().describe('The portal’s accent colour, #RRGGBB'),
  portal_cards: z.boolean().describe('Customers may add, remove and choose their cards'),
  portal_details: z.boolean().describe('Customers may edit their billing details'),
  portal_plan_change: z.boolean().describe('Customers may change quantity and plan terms (as orders)'),
  portal_cancel: z.boolean().describe('Customers may cancel, on the earliest date their terms allow'),
  self_service_origins: z
    .array(z.string())
    .describe(
      "Origins of your own pages (https://shop.example.com) that may call /api/self-service/* from a browser with a customer's self-service token (CORS)",
    ),
};

/** An origin as browsers send it: scheme, host and port only (no final /); kept in lower case. */
const origin = z
  .string()
  .trim()
  .toLowerCase()
  .refine(
    (value) =>
      /^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/.test(value) ||
      /^http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?$/.test(value),
    'an origin: https://host[:port] (no path), or http://localhost[:port] for development',
  );

const logoUrl = z
  .string()
  .trim()
  .max(200_000)
  .refine(
    (value) =>
      /^https:\/\/[^\s]+$/.test(value) ||
      /^data:image\/(png|jpeg|svg\+xml|webp);base64,[A-Za-z0-9+/=]+$/.test(value),
    'an https:// address or a data:image/…;base64 URL',
  );

export const portalChangeShape = {
  portal_logo_url: logoUrl.nullable().optional(),
  portal_colour: z.string().regex(COLOUR, 'a colour as #RRGGBB').nullable().optional(),
  portal_cards: z.boolean().optional(),
  portal_details: z.boolean().optional(),
  portal_plan_change: z.boolean().optional(),
  portal_cancel: z.boolean().optional(),
  self_service_origins: z.array(origin).max(20).optional(),
};

export function portalSettingsOf(row: Selectable<OrganizationsTable>) {
  return {
    portal_logo_url: row.portal_logo_url,
    portal_colour: row.portal_colour,
    portal_cards: row.portal_cards,
    portal_details: row.portal_details,
    portal_plan_change: row.portal_plan_change,
    portal_cancel: row.portal_cancel,
    self_service_origins: row.self_service_origins,
  };
}
