export type { UploadedFile } from "./body.ts";
export type { FaultConfig, FaultSelector } from "./faults.ts";
export type { LimitOptions } from "./limits.ts";
export {
  ApiError,
  type ServerStats,
  type StoredFile,
  startTelegramApiServer,
  TelegramApiServer,
  type TelegramApiServerOptions,
} from "./server.ts";
export {
  type CallbackAnswer,
  type CallRecord,
  type InlineButton,
  inlineButtons,
  type ReplyButton,
  type SentDocument,
  SimulatedUser,
  type UserOptions,
} from "./user.ts";
