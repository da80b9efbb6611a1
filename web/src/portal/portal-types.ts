import type { Schemas } from '../api/client.ts';

export type PortalSession = Schemas['SelfServiceSession'];
export type PortalSubscription = Schemas['SelfServiceSubscription'];
export type Invoice = Schemas['Invoice'];
export type CreditNote = Schemas['CreditNote'];
export type PaymentCard = Schemas['PaymentCard'];
export type Account = Schemas['Account'];
