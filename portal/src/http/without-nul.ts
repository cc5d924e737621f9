/**
 * Whether a text field is free of NUL characters. Nobody types one, and PostgreSQL refuses one in a text
 * parameter (SQLite stores it): a field that reaches the database as text checks this in its schema, so
 * it is refused at the edge on both, never a 500 on one.
 */
export function withoutNul(value: string): boolean {
  return !value.includes('\u0000');
}
