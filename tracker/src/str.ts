/** A number or text option as a wire value; absent stays absent (never `"undefined"`), 0 stays `"0"`. */
export const str = (v: unknown): string | undefined => (v == null ? undefined : '' + v);
