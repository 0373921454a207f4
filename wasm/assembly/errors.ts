/** The current line's problems: all of them, not just the first (the classic ETL accumulated them too). */
import { MAX_ERRORS, errorBuf } from './layout';
import { Msg } from './messages';

export const NO_FIELD: i32 = -1;
export const NO_VALUE: u32 = 0xffffffff;

export let errorCount: i32 = 0;
/** Problems beyond MAX_ERRORS: counted, reported as one more entry. */
export let droppedErrors: i32 = 0;

export function resetErrors(): void {
  errorCount = 0;
  droppedErrors = 0;
}

/** Records a problem: its message, the field or parameter it concerns (a Str id or NO_FIELD) and the value (or NO_VALUE). */
export function addError(msg: Msg, field: i32, valuePtr: usize, valueLen: u32): void {
  if (errorCount == MAX_ERRORS) {
    droppedErrors++;
    return;
  }
  const e = errorBuf + (<usize>errorCount << 4);
  store<u32>(e, <u32>msg);
  store<i32>(e, field, 4);
  store<u32>(e, <u32>valuePtr, 8);
  store<u32>(e, valueLen, 12);
  errorCount++;
}
