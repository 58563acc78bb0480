/** Money: integer minor units plus an ISO 4217 currency code. Never floats. */

export interface Money {
  amount: number;
  currency: string;
}

/** `money(9440, "INR")` → `{ amount: 9440, currency: "INR" }`; rejects non-integers. */
export function money(amount: number, currency: string): Money {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`money amount must be an integer, got ${amount}`);
  if (!/^[A-Z]{3}$/.test(currency)) throw new RangeError(`currency must be ISO 4217, got ${currency}`);
  return { amount, currency };
}
