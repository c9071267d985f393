import i18next, { type i18n } from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en";
import zhCN from "./zh-CN";
import { DEFAULT_LOCALE, type Locale } from "./locales";

export const resources = { "zh-CN": { translation: zhCN }, en: { translation: en } } as const;

/**
 * One i18next instance per request on the server and one in the browser;
 * both catalogs are small and bundled, so nothing is fetched.
 */
export function createI18n(locale: Locale): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: locale,
    fallbackLng: DEFAULT_LOCALE,
    resources,
    interpolation: { escapeValue: false }, // React escapes
    initImmediate: false,
    returnNull: false,
  });
  return instance;
}
