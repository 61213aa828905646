// One line of a state file: "<byte length> <crc32 hex> <JSON>\n". The length
// tells a torn line (the file ends inside it) from a damaged one; the CRC-32
// (zlib.crc32, Node >= 20.15) catches damage inside a complete line.

import { crc32 } from 'node:zlib';

export function encodeLine(value: unknown): string {
  const json = JSON.stringify(value);
  const bytes = Buffer.byteLength(json);
  return `${bytes} ${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
}

export type DecodedLine =
  | { kind: 'ok'; value: unknown; end: number }
  /** The file ends before the line does: only a crash mid-append leaves this. */
  | { kind: 'torn' }
  | { kind: 'bad'; why: string };

const SPACE = 0x20;
const NEWLINE = 0x0a;

/** Reads the line that starts at `offset` of `buf`. */
export function decodeLine(buf: Buffer, offset: number): DecodedLine {
  const lenEnd = buf.indexOf(SPACE, offset);
  const lenText = buf.toString('latin1', offset, lenEnd < 0 ? Math.min(buf.length, offset + 12) : lenEnd);
  if (lenEnd < 0) {
    // A prefix of digits cut off by the end of the file is a torn line; anything else is damage.
    return /^\d{0,11}$/.test(lenText) && buf.indexOf(NEWLINE, offset) < 0 ? { kind: 'torn' } : { kind: 'bad', why: 'no length prefix' };
  }
  if (!/^\d{1,11}$/.test(lenText)) return { kind: 'bad', why: 'no length prefix' };
  const length = Number(lenText);
  const crcStart = lenEnd + 1;
  const jsonStart = crcStart + 9;
  const end = jsonStart + length + 1;
  if (end > buf.length) {
    // Cut short by the end of the file, and no complete line hides inside: torn. A newline inside means a wrong length.
    return buf.indexOf(NEWLINE, offset) < 0 ? { kind: 'torn' } : { kind: 'bad', why: 'length prefix disagrees with the line' };
  }
  if (buf[jsonStart - 1] !== SPACE || buf[end - 1] !== NEWLINE) return { kind: 'bad', why: 'length prefix disagrees with the line' };
  const crcText = buf.toString('latin1', crcStart, crcStart + 8);
  const json = buf.subarray(jsonStart, end - 1);
  if (!/^[0-9a-f]{8}$/.test(crcText) || crc32(json) !== parseInt(crcText, 16)) return { kind: 'bad', why: 'checksum mismatch' };
  try {
    return { kind: 'ok', value: JSON.parse(json.toString('utf8')), end };
  } catch {
    return { kind: 'bad', why: 'checksum matches but the JSON does not parse' };
  }
}
