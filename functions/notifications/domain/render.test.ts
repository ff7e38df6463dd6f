import { describe, expect, it } from 'vitest';
import { render } from './render.ts';
import { templates } from './templates.ts';

describe('template rendering', () => {
  it('renders per language', () => {
    expect(render('welcome', 'en', { role: 'client' })).toMatchObject({
      ok: true,
      message: { subject: 'Welcome to SaludTech Alpes' },
    });
    expect(render('welcome', 'es', { role: 'client' })).toMatchObject({
      ok: true,
      message: { subject: 'Bienvenido a SaludTech Alpes' },
    });
  });

  it('escapes values: no HTML injection, no header injection', () => {
    const r = render('notice', 'en', { code: '<script>x</script>\r\nBcc: evil@example.org' });
    if (!r.ok) throw new Error('expected a rendering');
    expect(r.message.html).not.toContain('<script>');
    expect(r.message.html).toContain('&lt;script&gt;');
    expect(r.message.text).not.toMatch(/[\r\n]/);
    expect(r.message.subject).not.toMatch(/[\r\n]/);
  });

  it('a missing template or value is a reason, not a throw', () => {
    expect(render('nope', 'es', {})).toEqual({ ok: false, reason: 'template-missing' });
    expect(render('toString', 'es', {})).toEqual({ ok: false, reason: 'template-missing' });
    expect(render('welcome', 'es', {})).toEqual({ ok: false, reason: 'template-value-missing' });
  });

  it('has every template in both languages', () => {
    for (const [name, byLanguage] of Object.entries(templates))
      expect(Object.keys(byLanguage).sort(), name).toEqual(['en', 'es']);
  });
});
