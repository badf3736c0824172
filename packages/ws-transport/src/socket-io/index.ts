export {
  attachConsultations,
  type SocketIoConsultationOptions,
  SocketIoConsultations,
  type SocketIoHandshake,
} from './attach.js';
