/** Message templates per template name and language. Placeholders are `{{name}}`; values are escaped on render. */
import type { Language } from '../../../schemas/notifications/v1/notification.fields.ts';

export interface Template {
  subject: string;
  text: string;
}

export type TemplateBook = Readonly<Record<string, Readonly<Partial<Record<Language, Template>>>>>;

/** The templates this platform sends. Values are ids, codes and counts: never personal data. */
export const templates: TemplateBook = {
  welcome: {
    es: {
      subject: 'Bienvenido a SaludTech Alpes',
      text: 'Su cuenta ({{role}}) está lista. Inicie sesión con su correo para comenzar.',
    },
    en: {
      subject: 'Welcome to SaludTech Alpes',
      text: 'Your account ({{role}}) is ready. Sign in with your e-mail to start.',
    },
  },
  'result-recorded': {
    es: {
      subject: 'Resultado clínico registrado',
      text: 'Se registró el resultado {{resultId}} para su centro.',
    },
    en: { subject: 'Clinical result recorded', text: 'Result {{resultId}} was recorded for your center.' },
  },
  'subscription-activated': {
    es: { subject: 'Suscripción activada', text: 'Su suscripción {{subscriptionId}} está activa.' },
    en: { subject: 'Subscription activated', text: 'Your subscription {{subscriptionId}} is active.' },
  },
  'subscription-failed': {
    es: {
      subject: 'Suscripción no completada',
      text: 'No pudimos activar la suscripción {{subscriptionId}}.',
    },
    en: {
      subject: 'Subscription not completed',
      text: 'We could not activate subscription {{subscriptionId}}.',
    },
  },
  'subscription-cancelled': {
    es: { subject: 'Suscripción cancelada', text: 'La suscripción {{subscriptionId}} fue cancelada.' },
    en: { subject: 'Subscription cancelled', text: 'Subscription {{subscriptionId}} was cancelled.' },
  },
  'data-service-started': {
    es: {
      subject: 'Servicio de datos iniciado',
      text: 'El servicio de datos {{dataServiceId}} está en marcha.',
    },
    en: { subject: 'Data service started', text: 'Data service {{dataServiceId}} is running.' },
  },
  'expert-assigned': {
    es: { subject: 'Nueva asignación', text: 'Fue asignado al servicio de datos {{dataServiceId}}.' },
    en: { subject: 'New assignment', text: 'You were assigned to data service {{dataServiceId}}.' },
  },
  'images-rejected': {
    es: {
      subject: 'Imágenes rechazadas',
      text: 'Se rechazaron {{count}} imágenes de la carga {{uploadId}}: {{reasons}}.',
    },
    en: {
      subject: 'Images rejected',
      text: '{{count}} images of upload {{uploadId}} were rejected: {{reasons}}.',
    },
  },
  'subscription-ready': {
    es: {
      subject: 'Su servicio de datos está listo',
      text: 'La suscripción {{subscriptionId}} ya puede usarse.',
    },
    en: { subject: 'Your data service is ready', text: 'Subscription {{subscriptionId}} is ready to use.' },
  },
  'subscription-undone': {
    es: {
      subject: 'Suscripción revertida',
      text: 'No pudimos preparar la suscripción {{subscriptionId}}; no se le cobrará.',
    },
    en: {
      subject: 'Subscription reverted',
      text: 'We could not set up subscription {{subscriptionId}}; you will not be charged.',
    },
  },
  'subscription-update': {
    es: {
      subject: 'Novedades de su suscripción',
      text: 'Hay novedades sobre la suscripción {{subscriptionId}}.',
    },
    en: { subject: 'Subscription update', text: 'There is news about subscription {{subscriptionId}}.' },
  },
  notice: {
    es: { subject: 'Aviso de SaludTech Alpes', text: 'Aviso {{code}}.' },
    en: { subject: 'SaludTech Alpes notice', text: 'Notice {{code}}.' },
  },
};
