/** The generated constant strings (generated/contract.ts): pointers into one static blob. */
import { STRINGS, STRING_TABLE } from './generated/strings';

// @ts-ignore: decorator
@inline
export function strPtr(id: i32): usize {
  return STRINGS + <usize>load<u16>(STRING_TABLE + (<usize>id << 2));
}

// @ts-ignore: decorator
@inline
export function strLen(id: i32): u32 {
  return <u32>load<u16>(STRING_TABLE + (<usize>id << 2), 2);
}
