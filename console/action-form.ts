/**
 * An action on a row that needs a few words first (suspend with a reason,
 * refund an amount): a `<details>` that opens a small form, so it works by
 * keyboard with no script of its own. `submit` gets the form's fields by
 * name; what it throws is shown beside the button.
 */
import { h } from "./dom.ts";

export interface ActionField {
  name: string;
  label: string;
  required?: boolean;
  inputmode?: "numeric" | "text";
  placeholder?: string;
  value?: string;
}

export function actionForm(
  label: string,
  id: string,
  fields: ActionField[],
  submit: (values: Record<string, string>) => Promise<void>,
  danger = false,
): HTMLElement {
  const result = h("span", { role: "status", "aria-live": "polite", class: "muted" });
  const inputs = fields.map((f) =>
    h("input", {
      id: `${id}-${f.name}`,
      name: f.name,
      required: f.required ?? false,
      inputmode: f.inputmode,
      placeholder: f.placeholder,
      value: f.value,
      autocomplete: "off",
      maxlength: 500,
    }),
  );
  const button = h("button", { type: "submit", class: danger ? "danger" : "primary" }, label);
  return h(
    "details",
    { class: "row-action" },
    h("summary", {}, `${label}…`),
    h(
      "form",
      {
        class: "inline-form",
        onsubmit: async (e: Event) => {
          e.preventDefault();
          button.disabled = true;
          result.textContent = "";
          try {
            await submit(Object.fromEntries(inputs.map((i) => [i.name, i.value.trim()])));
          } catch (error) {
            result.textContent = (error as Error).message;
          } finally {
            button.disabled = false;
          }
        },
      },
      fields.map((f, i) => h("label", { for: `${id}-${f.name}` }, f.label, inputs[i])),
      button,
      result,
    ),
  );
}
