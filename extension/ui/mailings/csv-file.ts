/** A CSV file as the user picked it: its text, and in which encoding it came. */
export interface CsvFileText {
  text: string;
  encoding: 'UTF-8' | 'Windows-1251';
}

/**
 * The file's text. Russian Excel saves "CSV" in Windows-1251; anything that is not valid UTF-8 is
 * read as that (the relay takes UTF-8, which is what the background sends it).
 */
export function decodeCsv(bytes: Uint8Array): CsvFileText {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('windows-1251').decode(bytes), encoding: 'Windows-1251' };
  }
}

/** About how many data rows the file has (its non-empty lines but the header); a quoted value over several lines counts more. */
export function aboutRows(text: string): number {
  let lines = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (text.slice(start, end).trim() !== '') lines++;
    start = end + 1;
  }
  return Math.max(0, lines - 1);
}
