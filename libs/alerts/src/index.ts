export * from './alert.entity';
export * from './alert-notifier';
export * from './alerts.service';

import { Alert } from './alert.entity';
export const ALERT_ENTITIES = [Alert];
export * from './alerts.module';
