/** A plan of the catalogue as `GET /plans` answers it, and its price in major units (amounts are minor). */
export interface Plan {
  code: string;
  name: string;
  price: { amountMinor: number; currency: string };
  period: 'monthly' | 'yearly';
  provisioning: { step: string; call: string; compensate: string; args: Record<string, unknown> }[];
  version: number;
}

export const majorUnits = (price: Plan['price']): number => price.amountMinor / 100;
