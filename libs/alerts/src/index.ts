export { Alert, ALERT_KINDS } from './alert.entity';
export { AlertNotifier, verifyWebhookSignature } from './alert-notifier';
export { AlertsService, type NewAlert } from './alerts.service';
export { AlertDelivery } from './alert-delivery';

import { Alert } from './alert.entity';
export const ALERT_ENTITIES = [Alert];
export { AlertsModule } from './alerts.module';
