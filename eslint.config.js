import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "node_modules/**", "data/**", "test-results/**", "playwright-report/**", "db/migrations/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.name='parseFloat']", message: "No floats near money: parse with app/domain/money." },
        { selector: "CallExpression[callee.property.name='toFixed']", message: "No floats near money: format with app/domain/money." },
      ],
    },
  },
  // The layering of DESIGN.md §3: the domain imports nothing of the project but itself.
  {
    files: ["app/domain/**"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: ["~/services/*", "~/routes/*", "~/components/*", "~db/*", "../services/*", "../routes/*", "../components/*"], message: "app/domain is pure: no services, routes, components or db." },
          { group: ["drizzle-orm", "drizzle-orm/*", "better-sqlite3", "@remix-run/*", "react", "react-dom", "node:fs", "node:path"], message: "app/domain does no I/O and knows no framework." },
          { group: ["*.server", "**/*.server"], message: "Server-only code stays out of the domain." },
        ],
      }],
    },
  },
  {
    files: ["db/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: ["~/*", "../app/*"], message: "db/ knows no domain rules and no use case." }] }] },
  },
  {
    files: ["app/components/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: ["*.server", "**/*.server"], message: "Server-only code stays out of components and domain." }, { group: ["~/routes/*", "../routes/*"], message: "Nothing imports from routes." }] }] },
  },
  {
    files: ["app/services/**", "scripts/**", "db/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: ["~/routes/*"], message: "Nothing imports from routes." }] }] },
  },
);
