import { z } from 'zod';

const LANGUAGES = ['da', 'sv', 'de', 'en'] as const;
export const languageSchema = z
  .enum(LANGUAGES)
  .describe('The language of the pages and e-mails a person reads');
export const roleSchema = z
  .enum(['owner', 'member', 'viewer'])
  .describe('owner: everything, people and tokens included; member: all billing work; viewer: reads only');

export const sessionSchema = z
  .object({
    user: z.object({ id: z.uuid(), email: z.string(), name: z.string(), language: languageSchema }),
    organization: z
      .object({ id: z.uuid(), slug: z.string(), name: z.string() })
      .describe('The organization this session acts for'),
    role: roleSchema,
    organizations: z
      .array(z.object({ id: z.uuid(), slug: z.string(), name: z.string(), role: roleSchema }))
      .describe('Every organization the person belongs to, the first joined first'),
    csrf_token: z
      .string()
      .describe('Send it as X-CSRF-Token on every POST, PUT, PATCH and DELETE made with the session cookie'),
  })
  .meta({
    id: 'Session',
    examples: [
      {
        user: {
          id: '019ae2a4-4b1c-7d3e-9f00-2c5d6e7f8a9b',
          email: 'ann@nordlys.dk',
          name: 'Ann Nordlys',
          language: 'da',
        },
        organization: { id: '019ae2a4-0000-7d3e-9f00-2c5d6e7f8a9b', slug: 'nordlys', name: 'Nordlys ApS' },
        role: 'owner',
        organizations: [
          { id: '019ae2a4-0000-7d3e-9f00-2c5d6e7f8a9b', slug: 'nordlys', name: 'Nordlys ApS', role: 'owner' },
        ],
        csrf_token: 'q7Yt0bQx3kq5f0v1nE0b7pH2y9l5Zt0aQkq5f0v1nE0b7pH2y9l5Zt0aQkq5f0v1nE0b7pH2y9l5Zt0aQk',
      },
    ],
  });
