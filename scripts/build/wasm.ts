/** Placeholder until the wasm part lands in this session. */
export async function buildWasm(): Promise<string> {
  return 'nothing to build yet';
}
