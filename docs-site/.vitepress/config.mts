import { defineConfig } from 'vitepress'

// Silk's documentation site. Built by .ci/run (npm ci && npm run build) and checked in headless
// Chromium by check-site.mjs; the Javadoc of the published libraries is copied into
// public/javadoc/ before the build (see .ci/run).
export default defineConfig({
  title: 'Silk',
  description: 'Private, verifiable, pay-per-request AI for Telegram Mini App backends and Android apps',
  srcExclude: ['README.md', 'node_modules/**', 'public/**'],
  cleanUrls: false,
  lastUpdated: false,
  ignoreDeadLinks: false,
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/getting-started' },
      { text: 'Concepts', link: '/concepts/privacy' },
      { text: 'Reference', link: '/reference/configuration' },
      { text: 'Protocol', link: '/protocol/spec-v1' },
      { text: 'Javadoc', link: '/reference/javadoc' },
      { text: 'Changelog', link: '/changelog' }
    ],
    socialLinks: [{ icon: 'github', link: 'https://github.com/silk-sdk/silk' }],
    sidebar: [
      {
        text: 'Guide',
        items: [
          { text: 'Getting started', link: '/guide/getting-started' },
          { text: 'Your first project', link: '/guide/first-project' },
          { text: 'Using the SDK', link: '/guide/using-the-sdk' },
          { text: 'Running the reference node', link: '/guide/reference-node' },
          { text: 'Testing your backend', link: '/guide/testing' },
          { text: 'Android', link: '/guide/android' },
          { text: 'LangChain4j', link: '/guide/langchain4j' },
          { text: 'Spring Boot', link: '/guide/spring-boot' },
          { text: 'Metrics, tracing and logs', link: '/guide/observability' },
          { text: 'Coming from openai-java', link: '/guide/openai-java' },
          { text: 'Native COCOON', link: '/guide/cocoon' }
        ]
      },
      {
        text: 'Concepts',
        items: [
          { text: 'Privacy', link: '/concepts/privacy' },
          { text: 'Verification', link: '/concepts/verification' },
          { text: 'Payments', link: '/concepts/payments' },
          { text: 'Discovery and failover', link: '/concepts/discovery' }
        ]
      },
      {
        text: 'Reference',
        items: [
          { text: 'Configuration', link: '/reference/configuration' },
          { text: 'Error codes', link: '/reference/errors' },
          { text: 'Security model and limits', link: '/reference/security' },
          { text: 'Threat model of a node', link: '/reference/threat-model' },
          { text: 'COCOON conformance', link: '/reference/cocoon-conformance' },
          { text: 'Protocol spec v1', link: '/protocol/spec-v1' },
          { text: 'Javadoc', link: '/reference/javadoc' },
          { text: 'FAQ', link: '/reference/faq' },
          { text: 'Changelog', link: '/changelog' }
        ]
      }
    ],
    search: { provider: 'local' }
  }
})
