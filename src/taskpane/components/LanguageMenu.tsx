// The language switch: a small menu in the pane's corner rather than a field taking a row of its own.
import { Menu, MenuButton, MenuItemRadio, MenuList, MenuPopover, MenuTrigger } from '@fluentui/react-components';
import type { Lang } from '../../engine';
import { STRINGS } from '../i18n';

const NAMES: Record<Lang, string> = { 'zh-CN': '中文', en: 'English' };

export function LanguageMenu({ lang, onChange }: { lang: Lang; onChange: (lang: Lang) => void }) {
  const t = STRINGS[lang];
  return (
    <Menu checkedValues={{ lang: [lang] }} onCheckedValueChange={(_, d) => d.checkedItems[0] && onChange(d.checkedItems[0] as Lang)}>
      <MenuTrigger disableButtonEnhancement>
        <MenuButton size="small" appearance="subtle" aria-label={t.languageMenu(NAMES[lang])}>
          {NAMES[lang]}
        </MenuButton>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {(Object.keys(NAMES) as Lang[]).map((l) => (
            <MenuItemRadio key={l} name="lang" value={l} lang={l}>
              {NAMES[l]}
            </MenuItemRadio>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
