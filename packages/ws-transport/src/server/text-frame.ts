/**
 * A final, unmasked WebSocket text frame carrying `text` (RFC 6455 §5.2), the
 * way a server sends it: header and UTF-8 payload in one buffer, written to the
 * TCP socket in one call instead of `ws`'s general send path (options object,
 * header buffer, two writes), which cost more than the frame itself.
 */
export function textFrame(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x81; // FIN, opcode 1 (text)
  if (headerLength === 2) {
    frame[1] = length;
  } else if (headerLength === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.write(text, headerLength, length, 'utf8');
  return frame;
}
