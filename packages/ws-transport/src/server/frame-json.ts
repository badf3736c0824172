import { PROTOCOL_VERSION } from '../frames.js';

// The texts `JSON.stringify` gives server frames, built around a payload that is already JSON, so a
// payload carried by both an event and an ack (a sent message) is encoded once. Keys keep the order
// of the frame literals; a payload that encodes to `undefined` loses its key, as with JSON.stringify.

/** The text of an `event` frame whose `data` encodes to `dataJson`. */
export function eventFrameText(event: string, dataJson: string | undefined): string {
  const head = `{"v":${PROTOCOL_VERSION},"type":"event","event":${JSON.stringify(event)}`;
  return dataJson === undefined ? `${head}}` : `${head},"data":${dataJson}}`;
}

/** The text of an `ack` frame whose `result` encodes to `resultJson`. */
export function ackFrameText(id: string, resultJson: string | undefined): string {
  const head = `{"v":${PROTOCOL_VERSION},"type":"ack","id":${JSON.stringify(id)}`;
  return resultJson === undefined ? `${head}}` : `${head},"result":${resultJson}}`;
}
