/**
 * Window listeners for several event types at once, in the capture phase, so a page that stops
 * propagation still lets the tracker see the event. None of the types the tracker listens to
 * can hold up scrolling (no touch or wheel listeners), so `passive` is not needed.
 */
export const listen = (types: string, listener: (e: Event) => void): void => types.split(' ').forEach((type) => addEventListener(type, listener, true));
