/**
 * Final, unmasked WebSocket text frames carrying `texts` in order (RFC 6455
 * §5.2), the way a server sends them, all in one buffer: a connection's frames
 * of one event-loop turn are one `write` to the TCP socket instead of `ws`'s
 * general send path (options object, header buffer, two writes) per frame,
 * which cost more than the frames themselves.
 */
export function textFrames(texts: readonly string[]): Buffer {
  const lengths = texts.map((text) => Buffer.byteLength(text));
  const size = lengths.reduce((sum, length) => sum + headerLength(length) + length, 0);
  const buffer = Buffer.allocUnsafe(size);
  let offset = 0;
  texts.forEach((text, index) => {
    const length = lengths[index] as number;
    offset = writeHeader(buffer, offset, length);
    offset += buffer.write(text, offset, length, 'utf8');
  });
  return buffer;
}

function headerLength(payloadLength: number): number {
  return payloadLength < 126 ? 2 : payloadLength < 65_536 ? 4 : 10;
}

/** Writes a text frame's header at `offset`; returns where its payload starts. */
function writeHeader(buffer: Buffer, offset: number, payloadLength: number): number {
  buffer[offset] = 0x81; // FIN, opcode 1 (text)
  if (payloadLength < 126) {
    buffer[offset + 1] = payloadLength;
    return offset + 2;
  }
  if (payloadLength < 65_536) {
    buffer[offset + 1] = 126;
    buffer.writeUInt16BE(payloadLength, offset + 2);
    return offset + 4;
  }
  buffer[offset + 1] = 127;
  buffer.writeBigUInt64BE(BigInt(payloadLength), offset + 2);
  return offset + 10;
}
