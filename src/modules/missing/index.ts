/**
 * Missing children (issue 13): missing episodes opened and updated by police notifications of category missing,
 * the Hub's list, the episode page, and a worker's missing children on their home page; responding to them
 * (scrutiny/): closing an episode, the Missing Co-ordinator's scrutiny of under-10s, repeat missing, the figures.
 */
export { MissingService, MISSING_RECORD_TYPE } from './service.ts';
export { missingRoutes } from './routes.ts';
export { MissingPersonService } from './person.ts';
export { missingPersonRoutes } from './person-routes.ts';
export { MISSING_WORDS } from './schemas.ts';
export { MissingChatsService, CHAT_RECORD_TYPE } from './chats/service.ts';
export { missingChatRoutes } from './chats/routes.ts';
export { MissingScrutinyService } from './scrutiny/service.ts';
export { missingScrutinyRoutes } from './scrutiny/routes.ts';
export { missingCounts, type MissingCountRow } from './counts.ts';
export { missingIndicators } from './indicators.ts';
export { MISSING_RECORDS, missingRecordLister, chatRecordLister } from './records.ts';
export { missingChatIndicators } from './chats/indicators.ts';
