using System.Globalization;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Consultations.Web.Briefs.Exports;

/// <summary>The styles a brief uses, defined in the document so it looks the same in Word, LibreOffice and Pages.</summary>
internal static class DocxStyles
{
    public const string TableStyleId = "BriefTable";

    public const string HyperlinkStyleId = "Hyperlink";

    private const string Font = "Calibri";
    private const string Ink = "1F3864";

    public static W.Styles Create()
    {
        var styles = new W.Styles(new W.DocDefaults(
            new W.RunPropertiesDefault(new W.RunPropertiesBaseStyle
            {
                RunFonts = new W.RunFonts { Ascii = Font, HighAnsi = Font, EastAsia = Font, ComplexScript = Font },
                FontSize = new W.FontSize { Val = "22" },
                FontSizeComplexScript = new W.FontSizeComplexScript { Val = "22" },
                Languages = new W.Languages { Val = "en-GB" },
            }),
            new W.ParagraphPropertiesDefault(new W.ParagraphPropertiesBaseStyle
            {
                SpacingBetweenLines = new W.SpacingBetweenLines { After = "160", Line = "264", LineRule = W.LineSpacingRuleValues.Auto },
            })));

        styles.Append(ParagraphStyle("Normal", "Normal", basedOn: null, isDefault: true, new W.StyleParagraphProperties(), new W.StyleRunProperties()));
        styles.Append(ParagraphStyle("Title", "Title", "Normal", isDefault: false,
            new W.StyleParagraphProperties { SpacingBetweenLines = new W.SpacingBetweenLines { After = "80" } },
            new W.StyleRunProperties { Bold = new W.Bold(), Color = new W.Color { Val = Ink }, FontSize = new W.FontSize { Val = "48" }, FontSizeComplexScript = new W.FontSizeComplexScript { Val = "48" } }));
        styles.Append(ParagraphStyle("Subtitle", "Subtitle", "Normal", isDefault: false,
            new W.StyleParagraphProperties { SpacingBetweenLines = new W.SpacingBetweenLines { After = "360" } },
            new W.StyleRunProperties { Color = new W.Color { Val = "595959" }, FontSize = new W.FontSize { Val = "24" }, FontSizeComplexScript = new W.FontSizeComplexScript { Val = "24" } }));
        styles.Append(Heading(1, size: 32, before: 360));
        styles.Append(Heading(2, size: 26, before: 280));
        styles.Append(Heading(3, size: 23, before: 200));
        styles.Append(ParagraphStyle("Quote", "Quote", "Normal", isDefault: false,
            new W.StyleParagraphProperties
            {
                ParagraphBorders = new W.ParagraphBorders(new W.LeftBorder { Val = W.BorderValues.Single, Size = 18, Space = 8, Color = "9CC3E6" }),
                Indentation = new W.Indentation { Left = "720", Right = "720" },
            },
            new W.StyleRunProperties { Italic = new W.Italic(), Color = new W.Color { Val = "404040" } }));
        styles.Append(ParagraphStyle("ListParagraph", "List Paragraph", "Normal", isDefault: false,
            new W.StyleParagraphProperties { SpacingBetweenLines = new W.SpacingBetweenLines { After = "60" } },
            new W.StyleRunProperties()));
        styles.Append(ParagraphStyle("Acknowledgement", "Acknowledgement", "Normal", isDefault: false,
            new W.StyleParagraphProperties
            {
                ParagraphBorders = new W.ParagraphBorders(new W.TopBorder { Val = W.BorderValues.Single, Size = 4, Space = 8, Color = "A6A6A6" }),
                SpacingBetweenLines = new W.SpacingBetweenLines { Before = "480" },
            },
            new W.StyleRunProperties { Italic = new W.Italic(), Color = new W.Color { Val = "404040" }, FontSize = new W.FontSize { Val = "20" }, FontSizeComplexScript = new W.FontSizeComplexScript { Val = "20" } }));
        styles.Append(new W.Style
        {
            Type = W.StyleValues.Character,
            StyleId = HyperlinkStyleId,
            StyleName = new W.StyleName { Val = "Hyperlink" },
            UnhideWhenUsed = new W.UnhideWhenUsed(),
            StyleRunProperties = new W.StyleRunProperties { Color = new W.Color { Val = "0563C1" }, Underline = new W.Underline { Val = W.UnderlineValues.Single } },
        });
        styles.Append(TableStyle());
        return styles;
    }

    private static W.Style Heading(int level, int size, int before) =>
        ParagraphStyle($"Heading{level}", $"heading {level}", "Normal", isDefault: false,
            new W.StyleParagraphProperties
            {
                KeepNext = new W.KeepNext(),
                KeepLines = new W.KeepLines(),
                SpacingBetweenLines = new W.SpacingBetweenLines { Before = before.ToString(CultureInfo.InvariantCulture), After = "120" },
                OutlineLevel = new W.OutlineLevel { Val = level - 1 },
            },
            new W.StyleRunProperties
            {
                Bold = new W.Bold(),
                Color = new W.Color { Val = Ink },
                FontSize = new W.FontSize { Val = size.ToString(CultureInfo.InvariantCulture) },
                FontSizeComplexScript = new W.FontSizeComplexScript { Val = size.ToString(CultureInfo.InvariantCulture) },
            });

    private static W.Style ParagraphStyle(string id, string name, string? basedOn, bool isDefault, W.StyleParagraphProperties paragraph, W.StyleRunProperties run)
    {
        var style = new W.Style
        {
            Type = W.StyleValues.Paragraph,
            StyleId = id,
            Default = isDefault ? true : null,
            StyleName = new W.StyleName { Val = name },
            BasedOn = basedOn is null ? null : new W.BasedOn { Val = basedOn },
            NextParagraphStyle = basedOn is null ? null : new W.NextParagraphStyle { Val = "Normal" },
            PrimaryStyle = new W.PrimaryStyle(),
        };
        if (paragraph.HasChildren)
        {
            style.StyleParagraphProperties = paragraph;
        }

        if (run.HasChildren)
        {
            style.StyleRunProperties = run;
        }

        return style;
    }

    private static W.Style TableStyle()
    {
        static T Line<T>()
            where T : W.BorderType, new() => new() { Val = W.BorderValues.Single, Size = 4, Space = 0, Color = "A6A6A6" };

        return new W.Style
        {
            Type = W.StyleValues.Table,
            StyleId = TableStyleId,
            StyleName = new W.StyleName { Val = "Brief Table" },
            StyleParagraphProperties = new W.StyleParagraphProperties { SpacingBetweenLines = new W.SpacingBetweenLines { Before = "40", After = "40" } },
            StyleTableProperties = new W.StyleTableProperties
            {
                TableBorders = new W.TableBorders
                {
                    TopBorder = Line<W.TopBorder>(),
                    LeftBorder = Line<W.LeftBorder>(),
                    BottomBorder = Line<W.BottomBorder>(),
                    RightBorder = Line<W.RightBorder>(),
                    InsideHorizontalBorder = Line<W.InsideHorizontalBorder>(),
                    InsideVerticalBorder = Line<W.InsideVerticalBorder>(),
                },
                TableCellMarginDefault = new W.TableCellMarginDefault
                {
                    TopMargin = new W.TopMargin { Width = "40", Type = W.TableWidthUnitValues.Dxa },
                    TableCellLeftMargin = new W.TableCellLeftMargin { Width = 100, Type = W.TableWidthValues.Dxa },
                    BottomMargin = new W.BottomMargin { Width = "40", Type = W.TableWidthUnitValues.Dxa },
                    TableCellRightMargin = new W.TableCellRightMargin { Width = 100, Type = W.TableWidthValues.Dxa },
                },
            },
        };
    }
}
