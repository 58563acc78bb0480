/**
 * What a review's comment (and an owner's response) may be: plain text, at
 * most 1,000 characters after trimming, no HTML. Markup is refused rather
 * than stripped, so what the author sees is what was stored.
 *
 * @example
 * commentProblem("Great spot, easy access") // → null
 * commentProblem("<b>great</b>")          // → "no_html"
 */
export const MAX_COMMENT = 1000;

/** A tag, a comment or an entity reference: what would render as markup. */
const MARKUP = /<\s*\/?\s*[a-z!][^>]*>|&[a-z]+;|&#\d+;/i;

export function commentProblem(text: string): null | "no_html" | "too_long" {
  if (MARKUP.test(text)) return "no_html";
  if (text.trim().length > MAX_COMMENT) return "too_long";
  return null;
}
