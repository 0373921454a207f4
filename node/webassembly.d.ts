/**
 * The WebAssembly JS API as Node 20 provides it. TypeScript declares it only in the DOM and
 * WebWorker libs, which Node code must not see (STYLE rule 2), and @types/node 20 omits it.
 * Only what wasm/binding uses is declared.
 */
declare namespace WebAssembly {
  interface Module {}
  interface Memory {
    readonly buffer: ArrayBuffer;
  }
  interface Instance {
    readonly exports: Record<string, unknown>;
  }
  type ImportValue = ((...args: never[]) => unknown) | Memory | number;
  type Imports = Record<string, Record<string, ImportValue>>;
  function compile(bytes: ArrayBufferView | ArrayBuffer): Promise<Module>;
  function instantiate(module: Module, imports?: Imports): Promise<Instance>;
}
