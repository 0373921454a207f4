/** The contract every part of Firn shares: protocol parameters, canonical columns, log fields. */
export * from './columns.ts';
export * from './params.ts';
export * from './cloudfront.ts';
export * from './sql.ts';
export * from './lake.ts';
