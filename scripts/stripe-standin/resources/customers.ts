/**
 * Customers: create, retrieve, update (contact details, metadata, the
 * default payment method), and the customer's payment methods.
 */
import { invalid } from "../errors.ts";
import { metadata, type Params, text } from "../form.ts";
import {
  type Call,
  type Context,
  changes,
  found,
  LIST,
  newId,
  now,
  nulls,
  page,
  type Route,
  snapshot,
} from "../store.ts";
import { attach, resolvePaymentMethod } from "./payment-methods.ts";

function newCustomer(params: Params) {
  const id = newId("cus");
  return {
    id,
    object: "customer" as const,
    ...nulls("address currency default_source discount shipping test_clock"),
    balance: 0,
    created: now(),
    delinquent: false,
    description: text(params, "description") ?? null,
    email: text(params, "email") ?? null,
    invoice_prefix: id.slice(4, 12).toUpperCase(),
    invoice_settings: {
      ...nulls("custom_fields footer rendering_options"),
      default_payment_method: null as string | null,
    },
    livemode: false as const,
    metadata: metadata(params),
    name: text(params, "name") ?? null,
    next_invoice_sequence: 1,
    phone: text(params, "phone") ?? null,
    preferred_locales: [] as string[],
    tax_exempt: "none",
  };
}

export type Customer = ReturnType<typeof newCustomer>;

export function getCustomer(ctx: Context, id: string, param = "id"): Customer {
  return found(ctx.store.customers, id, "customer", param);
}

/** Applies `invoice_settings[default_payment_method]`: it must be one of the customer's. */
function setDefaultMethod(ctx: Context, customer: Customer, params: Params): void {
  const name = "invoice_settings[default_payment_method]";
  const id = text(params, name);
  if (id === undefined) return;
  if (id !== null && ctx.store.paymentMethods.get(id)?.customer !== customer.id) {
    throw invalid(
      `The customer does not have a payment method with the ID ${id}. The payment method must be attached to the customer.`,
      name,
    );
  }
  customer.invoice_settings.default_payment_method = id;
}

const FIELDS = "email name phone description metadata invoice_settings".split(" ");

export const customerRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/customers",
    params: [...FIELDS, "payment_method"],
    handle(call: Call) {
      const customer = newCustomer(call.params);
      call.store.customers.set(customer.id, customer);
      call.webhooks.emit(call, "customer.created", customer);
      const method = text(call.params, "payment_method");
      if (method) attach(call, resolvePaymentMethod(call, method), customer);
      setDefaultMethod(call, customer, call.params);
      return customer;
    },
  },
  { method: "GET", path: "/v1/customers/:id", params: [], handle: (call) => getCustomer(call, call.path.id as string) },
  {
    method: "POST",
    path: "/v1/customers/:id",
    params: FIELDS,
    handle(call: Call) {
      const customer = getCustomer(call, call.path.id as string);
      const before = snapshot(customer);
      for (const field of ["email", "name", "phone", "description"] as const) {
        const value = text(call.params, field);
        if (value !== undefined) customer[field] = value;
      }
      customer.metadata = metadata(call.params, customer.metadata);
      setDefaultMethod(call, customer, call.params);
      const previous = changes(before, customer);
      if (Object.keys(previous).length > 0) call.webhooks.emit(call, "customer.updated", customer, previous);
      return customer;
    },
  },
  {
    method: "GET",
    path: "/v1/customers/:id/payment_methods",
    params: [...LIST, "type"],
    handle(call: Call) {
      const customer = getCustomer(call, call.path.id as string);
      const type = text(call.params, "type");
      const methods = [...call.store.paymentMethods.values()].filter(
        (pm) => pm.customer === customer.id && (!type || pm.type === type),
      );
      return page(methods, call.params, `/v1/customers/${customer.id}/payment_methods`);
    },
  },
];
