export * from './alert.entity';
export * from './alert-notifier';
export * from './alerts.service';
export { AlertDelivery } from './alert-delivery';

import { Alert } from './alert.entity';
export const ALERT_ENTITIES = [Alert];
export * from './alerts.module';
