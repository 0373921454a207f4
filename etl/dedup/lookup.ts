/** An exact set of event ids one can ask about: a date's stored ids, a log's claim, … */
export interface IdLookup {
  has(id: Uint32Array, o: number): boolean;
}

export const NO_IDS: IdLookup = { has: () => false };
