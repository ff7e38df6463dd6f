/** Spanish (the seeds' language, the default) and English strings; `t(key)` in the current language. */
const es = {
  title: 'SaludTech Alpes',
  signIn: 'Iniciar sesión',
  signOut: 'Cerrar sesión',
  email: 'Correo electrónico',
  password: 'Contraseña',
  language: 'Idioma',
  upload: 'Subir estudios',
  plans: 'Planes',
  images: 'Imágenes',
  quarantine: 'Cuarentena',
  centers: 'Centros',
  notifications: 'Notificaciones',
  dropHere: 'Suelte aquí una carpeta o archivos DICOM, o elíjalos',
  chooseFiles: 'Elegir archivos',
  chooseFolder: 'Elegir carpeta',
  overall: 'Progreso total',
  file: 'Archivo',
  sent: 'Enviado',
  outcomes: 'Resultados',
  received: 'Recibidos',
  anonymized: 'Anonimizados',
  rejected: 'Rechazados',
  held: 'En revisión',
  pending: 'Pendientes',
  status: 'Estado',
  reason: 'Motivo',
  detail: 'Detalle',
  image: 'Imagen',
  noRole: 'Su usuario no tiene un rol con vistas en la consola.',
  live: 'En vivo',
  code: 'Código',
  name: 'Nombre',
  city: 'Ciudad',
  price: 'Precio',
  loading: 'Cargando…',
  signedInAs: 'Sesión de',
  reprocess: 'Reprocesar',
  discard: 'Descartar',
  reprocessSelected: 'Reprocesar seleccionados',
  discardSelected: 'Descartar seleccionados',
  select: 'Seleccionar',
  actions: 'Acciones',
} as const;

type Key = keyof typeof es;
const en: Record<Key, string> = {
  title: 'SaludTech Alpes',
  signIn: 'Sign in',
  signOut: 'Sign out',
  email: 'E-mail',
  password: 'Password',
  language: 'Language',
  upload: 'Upload studies',
  plans: 'Plans',
  images: 'Images',
  quarantine: 'Quarantine',
  centers: 'Centers',
  notifications: 'Notifications',
  dropHere: 'Drop a folder or DICOM files here, or choose them',
  chooseFiles: 'Choose files',
  chooseFolder: 'Choose a folder',
  overall: 'Overall progress',
  file: 'File',
  sent: 'Sent',
  outcomes: 'Outcomes',
  received: 'Received',
  anonymized: 'Anonymized',
  rejected: 'Refused',
  held: 'Held for review',
  pending: 'Pending',
  status: 'Status',
  reason: 'Reason',
  detail: 'Detail',
  image: 'Image',
  noRole: 'Your user has no role with views in the console.',
  live: 'Live',
  code: 'Code',
  name: 'Name',
  city: 'City',
  price: 'Price',
  loading: 'Loading…',
  signedInAs: 'Signed in as',
  reprocess: 'Reprocess',
  discard: 'Discard',
  reprocessSelected: 'Reprocess selected',
  discardSelected: 'Discard selected',
  select: 'Select',
  actions: 'Actions',
};

export type Lang = 'es' | 'en';
const dictionaries: Record<Lang, Record<Key, string>> = { es, en };
// The user's choice (kept in this browser), else the browser's language; Spanish when it is neither.
const saved = localStorage.getItem('lang');
let current: Lang =
  saved === 'en' || saved === 'es' ? saved : navigator.language.startsWith('en') ? 'en' : 'es';

export const lang = () => current;
export function setLang(l: Lang): void {
  current = l;
  localStorage.setItem('lang', l);
  document.documentElement.lang = l;
}
export const t = (key: Key): string => dictionaries[current][key];
