import base from './playwright.config';
import { defineConfig } from '@playwright/test';
export default defineConfig({ ...base, testDir: 'e2e-scratch', reporter: [['list']], projects: [{ name: 'scratch', use: (base.projects![1] as any).use }] });
