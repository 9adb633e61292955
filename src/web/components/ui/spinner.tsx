/** Spinner is a decorative progress mark; pair it with text (it is hidden from assistive technology). */
export function Spinner() {
  return <span className="spinner" aria-hidden="true" />;
}
