/** A theme's name or description as onboarding and the Themes page show it: marked with the language it is in, so an imported pack is read (and spell-checked) in its own. */
import { useTranslation } from 'react-i18next';
import { themeWords, type WordedTheme } from './theme-words';

export function ThemeText({ theme, part, className }: { theme: WordedTheme; part: 'name' | 'description'; className?: string }) {
  const { t } = useTranslation();
  const words = themeWords(t, theme);
  return (
    <span className={className} lang={words.lang}>
      {words[part]}
    </span>
  );
}
