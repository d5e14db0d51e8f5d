/** Saves text as a file through a Blob link: what the page does with the CSV the background fetched. */
export function downloadText(text: string, fileName: string, type = 'text/csv;charset=utf-8'): void {
  // A BOM so that spreadsheet programs read the Cyrillic as UTF-8.
  const blob = new Blob(['\ufeff', text.replace(/^\ufeff/, '')], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from a mailing's name: letters, digits and dashes. */
export const csvFileName = (name: string): string => `${name.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'mailing'}.csv`;
