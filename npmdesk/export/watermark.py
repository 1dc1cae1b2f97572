"""A diagonal watermark drawn as Word draws one (Diseño › Marca de agua): a VML text shape
(`PowerPlusWaterMarkObject`) anchored in the header, centred on the page margins, rotated 315°,
in light grey behind the text. Word and LibreOffice both show it on every page and keep it as a
watermark the reader can see but not edit by accident; a cropped page still carries it.
"""

from xml.sax.saxutils import quoteattr

from docx.oxml import parse_xml

# Word's own shape type 136 (text along a path), with its formulas, as Word writes it.
_SHAPETYPE = """<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
 path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/>
<v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/>
<v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/>
<v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>
<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"
 o:connectangles="270,180,90,0"/><v:textpath on="t" fitshape="t"/>
<v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>
<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>"""

_RUN = """<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:w10="urn:schemas-microsoft-com:office:word"><w:rPr><w:noProof/></w:rPr><w:pict>{shapetype}
<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s2049" type="#_x0000_t136"
 style="position:absolute;margin-left:0;margin-top:0;width:460pt;height:115pt;rotation:315;z-index:-251657216;
mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;
mso-position-vertical-relative:margin" o:allowincell="f" fillcolor="#c0c0c0" stroked="f">
<v:fill opacity=".45"/><v:textpath style="font-family:&quot;{font}&quot;;font-size:1pt" string={text}/>
<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>"""


def add(paragraph, text: str, font: str = "Arial") -> None:
    """Append the watermark `text` to a header paragraph (one shape: the header repeats it)."""
    xml = _RUN.format(shapetype=_SHAPETYPE, font=font, text=quoteattr(text))
    paragraph._p.append(parse_xml(xml.replace("\n", " ")))
