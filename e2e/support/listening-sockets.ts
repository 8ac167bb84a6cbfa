import fs from 'node:fs';

const LISTEN = '0A';

/**
 * The local addresses on which something listens on TCP `port`, read from the kernel's socket tables
 * (Linux's /proc/net/tcp and tcp6): which interfaces a server can be reached on, without needing one.
 */
export function listeningAddresses(port: number): string[] {
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((table) => listeningAddressesIn(fs.readFileSync(table, 'utf8'), port));
}

/** The same, from one table's text: `local_address` is hex, the IP in the kernel's byte order. */
export function listeningAddressesIn(table: string, port: number): string[] {
  return table
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[3] === LISTEN && Number.parseInt(fields[1]?.split(':')[1] ?? '', 16) === port)
    .map((fields) => decodeAddress(fields[1]!.split(':')[0]!));
}

function decodeAddress(hex: string): string {
  // Each 32-bit word is written as a little-endian number.
  const bytes = (hex.match(/.{8}/g) ?? [])
    .flatMap((word) => (word.match(/../g) ?? []).reverse())
    .map((byte) => parseInt(byte, 16));
  if (bytes.length === 4) return bytes.join('.');
  const groups = Array.from({ length: 8 }, (_, index) => ((bytes[index * 2]! << 8) | bytes[index * 2 + 1]!).toString(16));
  return groups.join(':');
}
