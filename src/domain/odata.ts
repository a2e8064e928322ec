/** An OData string literal: single quotes, embedded quotes doubled. The gateway percent-encodes the whole value. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A path segment for a user id or UPN; `#EXT#` guests and anything else odd stay inside the segment. */
export function pathSegment(value: string): string {
  return encodeURIComponent(value);
}
