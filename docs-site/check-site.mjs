// Opens every page of the built site in headless Chromium (Debian's chromium package) and fails
// when one does not render (an HTTP error, a script error, no heading, an empty body) or when a
// link on it does not resolve on the site. Takes screenshots of the main pages.
// Usage: node check-site.mjs DIST_DIR [SCREENSHOT_DIR]
import { createServer } from 'node:http'
import { readFile, readdir, stat, mkdir } from 'node:fs/promises'
import { join, extname, relative, resolve } from 'node:path'
import puppeteer from 'puppeteer-core'

const dist = resolve(process.argv[2] ?? '.vitepress/dist')
const shots = resolve(process.argv[3] ?? 'screenshots')
const MAIN = ['index.html', 'guide/getting-started.html', 'concepts/privacy.html', 'concepts/payments.html',
  'reference/configuration.html', 'reference/errors.html', 'protocol/spec-v1.html', 'javadoc/sdk-core/index.html']
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.py': 'text/plain', '.txt': 'text/plain' }

async function exists(path) {
  try { return (await stat(path)).isFile() } catch { return false }
}

const server = createServer(async (req, res) => {
  let path = decodeURIComponent(new URL(req.url, 'http://x').pathname)
  if (path.endsWith('/')) path += 'index.html'
  const file = join(dist, path)
  if (!file.startsWith(dist) || !(await exists(file))) { res.writeHead(404); res.end('not found'); return }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
  res.end(await readFile(file))
})
await new Promise(ok => server.listen(0, '127.0.0.1', ok))
const base = `http://127.0.0.1:${server.address().port}`

async function pages(dir) {
  const out = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name)
    const rel = relative(dist, full)
    if (entry.isDirectory()) {
      if (rel !== 'assets' && !rel.startsWith('javadoc')) out.push(...await pages(full))
    } else if (entry.name.endsWith('.html') && entry.name !== '404.html') {
      out.push(rel)
    }
  }
  return out
}

const failures = []
const checkedLinks = new Map()
async function linkOk(url) {
  const u = new URL(url)
  u.hash = ''
  if (!checkedLinks.has(u.href)) {
    checkedLinks.set(u.href, fetch(u.href).then(r => r.status === 200).catch(() => false))
  }
  return checkedLinks.get(u.href)
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage']
})
try {
  await mkdir(shots, { recursive: true })
  const list = [...await pages(dist), ...MAIN.filter(p => p.startsWith('javadoc/'))]
  for (const rel of list) {
    const page = await browser.newPage()
    const errors = []
    page.on('pageerror', e => errors.push(`script error: ${e.message}`))
    await page.setViewport({ width: 1280, height: 900 })
    const response = await page.goto(`${base}/${rel}`, { waitUntil: 'networkidle0', timeout: 30000 })
    if (!response || response.status() !== 200) errors.push(`HTTP ${response?.status()}`)
    const heading = await page.$eval('h1', h => h.textContent.trim()).catch(() => '')
    if (!heading) errors.push('no h1 heading rendered')
    const text = await page.evaluate(() => document.body.innerText.trim().length)
    if (text < 200) errors.push(`almost no text rendered (${text} characters)`)
    const links = await page.$$eval('a[href]', as => as.map(a => a.href))
    for (const href of links) {
      if (href.startsWith(base) && !(await linkOk(href))) errors.push(`broken link ${href.slice(base.length)}`)
    }
    if (MAIN.includes(rel)) {
      await page.screenshot({ path: join(shots, rel.replace(/[/.]/g, '_') + '.png'), fullPage: false })
    }
    console.log(`${errors.length ? 'BROKEN' : 'ok    '} ${rel} (${links.length} links)`)
    for (const e of errors) failures.push(`${rel}: ${e}`)
    await page.close()
  }
} finally {
  await browser.close()
  server.close()
}
if (failures.length) {
  console.error(`\n${failures.length} problem(s):\n` + failures.join('\n'))
  process.exit(1)
}
console.log(`all pages render and every link resolves; screenshots in ${shots}`)
