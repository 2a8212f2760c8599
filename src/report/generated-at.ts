/** An ISO timestamp as 'YYYY-MM-DD HH:MM UTC'; any other text is returned as it is. */
export function generatedAt(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return value;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
