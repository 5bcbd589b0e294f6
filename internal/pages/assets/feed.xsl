<?xml version="1.0" encoding="UTF-8"?>
<!--
  Shows the site's RSS and Atom feeds as a page in a browser; podcast apps
  ignore it. XSLT 1.0, for the XSLT processors of browsers.
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
  xmlns:podcast="https://podcastindex.org/namespace/1.0"
  xmlns:media="http://search.yahoo.com/mrss/"
  exclude-result-prefixes="atom itunes podcast media">
<xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat"/>

<xsl:template match="/">
<xsl:variable name="title" select="string((/rss/channel/title | /atom:feed/atom:title)[1])"/>
<xsl:variable name="self" select="(/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href)[1]"/>
<xsl:variable name="art" select="(/rss/channel/image/url | /rss/channel/itunes:image/@href | /atom:feed/atom:logo | /atom:feed/atom:icon)[1]"/>
<xsl:variable name="lang">
  <xsl:choose>
    <xsl:when test="/rss/channel/language"><xsl:value-of select="/rss/channel/language"/></xsl:when>
    <xsl:when test="/atom:feed/@xml:lang"><xsl:value-of select="/atom:feed/@xml:lang"/></xsl:when>
    <xsl:otherwise>[[x .Lang]]</xsl:otherwise>
  </xsl:choose>
</xsl:variable>
<html lang="{$lang}">
<head>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<meta name="color-scheme" content="light dark"/>
<title><xsl:value-of select="$title"/></title>
<link rel="stylesheet" href="[[a .Base]]style.css"/>
<script src="[[a .Base]]copy.js" defer="defer"></script>
</head>
<body>
<a class="skip" href="#main">[[x .T.Skip]]</a>
<header class="show">
<div class="wrap show-head">
<xsl:if test="$art"><img class="artwork" src="{$art}" alt="" width="160" height="160"/></xsl:if>
<div>
<h1><xsl:value-of select="$title"/></h1>
<p class="lead"><xsl:value-of select="(/rss/channel/description | /atom:feed/atom:subtitle)[1]"/></p>
</div>
</div>
</header>
<main id="main" class="wrap">
<section class="feedbox feedbox-show" aria-labelledby="copy-h">
<h2 id="copy-h">[[x .T.FeedCopyHint]]</h2>
<div class="copy">
<span class="copy-row"><input id="feed-url" type="url" readonly="readonly" spellcheck="false" value="{$self}" aria-labelledby="copy-h"/><button type="button" class="button" data-copy="feed-url" data-copied="[[a .T.Copied]]" hidden="hidden">[[x .T.Copy]]</button></span>
<span class="copy-status" role="status" id="feed-url-status"></span>
</div>
<p>[[x .T.FeedIntro]]</p>
<p><a href="[[a .Base]]">[[x .T.FeedSite]]</a></p>
</section>
<section aria-labelledby="episodes-h">
<h2 id="episodes-h">[[x .T.FeedEpisodes]]</h2>
<ol class="items">
<xsl:for-each select="/rss/channel/item | /atom:feed/atom:entry">
<xsl:variable name="thumb">
  <!-- The lightest picture that is sharp at thumbnail size. -->
  <xsl:choose>
    <xsl:when test="podcast:image[@width &gt;= 200 and @width &lt;= 480]"><xsl:value-of select="podcast:image[@width &gt;= 200 and @width &lt;= 480][1]/@href"/></xsl:when>
    <xsl:when test="media:thumbnail"><xsl:value-of select="media:thumbnail[1]/@url"/></xsl:when>
    <xsl:otherwise><xsl:value-of select="(itunes:image/@href | podcast:image/@href)[1]"/></xsl:otherwise>
  </xsl:choose>
</xsl:variable>
<xsl:variable name="link" select="(link | atom:link[@rel='alternate' or not(@rel)]/@href)[1]"/>
<li class="item">
<xsl:if test="string($thumb)"><img src="{$thumb}" alt="" loading="lazy"/></xsl:if>
<div>
<h3><xsl:choose>
<xsl:when test="$link"><a href="{$link}"><xsl:value-of select="title | atom:title"/></a></xsl:when>
<xsl:otherwise><xsl:value-of select="title | atom:title"/></xsl:otherwise>
</xsl:choose></h3>
<p class="date"><xsl:choose>
<xsl:when test="pubDate"><xsl:apply-templates select="pubDate"/></xsl:when>
<xsl:when test="atom:published"><xsl:apply-templates select="atom:published"/></xsl:when>
<xsl:otherwise><xsl:apply-templates select="atom:updated"/></xsl:otherwise>
</xsl:choose></p>
<p><xsl:value-of select="(description | atom:summary)[1]"/></p>
</div>
</li>
</xsl:for-each>
</ol>
</section>
</main>
</body>
</html>
</xsl:template>

<!-- RFC 822: "Sun, 15 Mar 2026 10:00:00 +0100" -->
<xsl:template match="pubDate">
<xsl:variable name="s">
  <xsl:choose>
    <xsl:when test="contains(., ',')"><xsl:value-of select="normalize-space(substring-after(., ','))"/></xsl:when>
    <xsl:otherwise><xsl:value-of select="normalize-space(.)"/></xsl:otherwise>
  </xsl:choose>
</xsl:variable>
<xsl:variable name="rest" select="substring-after($s, ' ')"/>
<xsl:variable name="mon" select="substring-before($rest, ' ')"/>
<xsl:choose>
  <xsl:when test="string-length($mon) = 3 and contains('JanFebMarAprMayJunJulAugSepOctNovDec', $mon)">
    <xsl:call-template name="date">
      <xsl:with-param name="y" select="substring(substring-after($rest, ' '), 1, 4)"/>
      <xsl:with-param name="m" select="string-length(substring-before('JanFebMarAprMayJunJulAugSepOctNovDec', $mon)) div 3 + 1"/>
      <xsl:with-param name="d" select="number(substring-before($s, ' '))"/>
    </xsl:call-template>
  </xsl:when>
  <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
</xsl:choose>
</xsl:template>

<!-- RFC 3339: "2026-03-15T10:00:00+01:00" -->
<xsl:template match="atom:published | atom:updated">
<xsl:call-template name="date">
  <xsl:with-param name="y" select="substring(., 1, 4)"/>
  <xsl:with-param name="m" select="number(substring(., 6, 2))"/>
  <xsl:with-param name="d" select="number(substring(., 9, 2))"/>
</xsl:call-template>
</xsl:template>

<!-- A day of the calendar in the site's language. -->
<xsl:template name="date">
<xsl:param name="y"/>
<xsl:param name="m"/>
<xsl:param name="d"/>
<time datetime="{$y}-{format-number($m, '00')}-{format-number($d, '00')}">
<xsl:choose><xsl:when test="$d = 1">[[x .T.Day1]]</xsl:when><xsl:otherwise><xsl:value-of select="$d"/></xsl:otherwise></xsl:choose>
<xsl:text> </xsl:text>
<xsl:choose>[[range $k, $name := .T.Months]]
<xsl:when test="$m = [[inc $k]]">[[x $name]]</xsl:when>[[end]]
</xsl:choose>
<xsl:text> </xsl:text>
<xsl:value-of select="$y"/>
</time>
</xsl:template>

</xsl:stylesheet>
