// A tiny DNS server for tests (UDP, on 127.0.0.1): answers A, TXT and SRV records from a table,
// NXDOMAIN for names it does not hold, and notes every name it was asked, so a test can check
// that a name was never sent. Just enough of RFC 1035 for Node's resolver (c-ares).
import { createSocket, type Socket } from 'node:dgram';

export interface DnsRecords {
  A?: string[];
  TXT?: string[];
  SRV?: { target: string; port: number; priority?: number; weight?: number }[];
}

const TYPES: Record<number, keyof DnsRecords> = { 1: 'A', 16: 'TXT', 33: 'SRV' };

function encodeName(name: string): Buffer {
  return Buffer.concat([...name.split('.').filter(Boolean).map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'ascii')])), Buffer.from([0])]);
}

function rdata(type: keyof DnsRecords, records: DnsRecords): Buffer[] {
  if (type === 'A') return (records.A ?? []).map((address) => Buffer.from(address.split('.').map(Number)));
  if (type === 'TXT') return (records.TXT ?? []).map((text) => Buffer.concat([Buffer.from([text.length]), Buffer.from(text)]));
  return (records.SRV ?? []).map((srv) => {
    const head = Buffer.alloc(6);
    head.writeUInt16BE(srv.priority ?? 10, 0);
    head.writeUInt16BE(srv.weight ?? 5, 2);
    head.writeUInt16BE(srv.port, 4);
    return Buffer.concat([head, encodeName(srv.target)]);
  });
}

/** The answer to one query message. */
function answer(query: Buffer, zone: Record<string, DnsRecords>, asked: string[]): Buffer {
  let offset = 12;
  const labels: string[] = [];
  while (offset < query.length && query[offset] !== 0) {
    const length = query[offset] as number;
    labels.push(query.subarray(offset + 1, offset + 1 + length).toString('ascii'));
    offset += length + 1;
  }
  const questionEnd = offset + 5;
  const name = labels.join('.').toLowerCase();
  const typeCode = query.readUInt16BE(offset + 1);
  const type = TYPES[typeCode];
  asked.push(name);
  const records = zone[name];
  const answers = records && type ? rdata(type, records) : [];
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0);
  header.writeUInt16BE(0x8180 | (records ? 0 : 3), 2); // response, recursion; NXDOMAIN for an unknown name
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  const resources = answers.map((data) => {
    const fixed = Buffer.alloc(12);
    fixed.writeUInt16BE(0xc00c, 0); // the question's name
    fixed.writeUInt16BE(typeCode, 2);
    fixed.writeUInt16BE(1, 4);
    fixed.writeUInt32BE(300, 6);
    fixed.writeUInt16BE(data.length, 10);
    return Buffer.concat([fixed, data]);
  });
  return Buffer.concat([header, query.subarray(12, questionEnd), ...resources]);
}

/** Start the server; `asked` fills with every name queried. */
export async function startDnsServer(zone: Record<string, DnsRecords>): Promise<{ port: number; asked: string[]; close(): void }> {
  const asked: string[] = [];
  const socket: Socket = createSocket('udp4');
  socket.on('message', (message, peer) => socket.send(answer(message, zone, asked), peer.port, peer.address));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, asked, close: () => socket.close() };
}
