using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Consultations.Web.Briefs;

/// <summary>A rendered brief.</summary>
/// <param name="Html">The brief as an HTML fragment (an &lt;article&gt;), ready to place in a page.</param>
/// <param name="UsedCustomTemplate">True when the administrators' brief.cshtml produced it.</param>
/// <param name="TemplateError">Why the custom template was not used although it exists; for administrators only.</param>
public sealed record BriefRenderResult(string Html, bool UsedCustomTemplate, string? TemplateError);

/// <summary>
/// Renders a brief with the administrators' brief.cshtml when there is one (compiled at run time, see ADR 0009),
/// otherwise with the built-in template. A broken custom template never breaks the page: the built-in one is used
/// and the error is returned and remembered for administrators.
/// </summary>
public sealed partial class BriefTemplateRenderer(
    IRazorViewEngine viewEngine,
    IModelMetadataProvider metadata,
    ITempDataProvider tempData,
    BriefTemplateFileProvider files,
    BriefTemplateStatus status,
    TimeProvider time,
    ILogger<BriefTemplateRenderer> logger)
{
    /// <summary>The built-in template, compiled with the app.</summary>
    public const string DefaultViewPath = "/Pages/Briefs/Templates/Default.cshtml";

    public BriefTemplateStatus Status => status;

    /// <summary>Where an administrator puts brief.cshtml (the folder may not exist yet).</summary>
    public string TemplatePath => files.TemplatePath;

    /// <summary>The template's path as shown to administrators: relative to the data folder, never the server's absolute path.</summary>
    public string DisplayPath => files.DisplayPath;

    /// <summary>
    /// The built-in template's Razor source: the starting point administrators download and edit. The .cshtml file is
    /// embedded in the assembly because a published app ships compiled views, not their source.
    /// </summary>
    public static string DefaultTemplateSource()
    {
        using var stream = typeof(BriefTemplateRenderer).Assembly.GetManifestResourceStream(DefaultTemplateResource)
            ?? throw new InvalidOperationException("The built-in brief template is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private const string DefaultTemplateResource = "Consultations.Web.Briefs.Templates.Default.cshtml";

    public async Task<BriefRenderResult> RenderAsync(HttpContext httpContext, BriefDocumentModel model, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(model);

        BriefTemplateSnapshot? template = null;
        string? templateError = null;
        try
        {
            template = await files.SnapshotAsync(ct);
            if (template is not null)
            {
                var html = await RenderViewAsync(httpContext, template.ViewPath, model, ct);
                status.RecordSuccess(template.Hash, time.GetUtcNow());
                return new BriefRenderResult(html, UsedCustomTemplate: true, TemplateError: null);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Anything a template does wrong (compile error, null model member, throw) must leave readers a brief.
            templateError = BriefTemplateErrors.Describe(ex, template);
            if (status.RecordFailure(template?.Hash ?? "unreadable", templateError, time.GetUtcNow()))
            {
                LogTemplateFailed(files.TemplatePath, BriefTemplateErrors.Summary(templateError));
            }
        }

        var fallback = await RenderViewAsync(httpContext, DefaultViewPath, model, ct);
        return new BriefRenderResult(fallback, UsedCustomTemplate: false, templateError);
    }

    private async Task<string> RenderViewAsync(HttpContext httpContext, string viewPath, BriefDocumentModel model, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();

        // GetView compiles on first use; a compile error surfaces here as an ICompilationException.
        var found = viewEngine.GetView(executingFilePath: null, viewPath, isMainPage: true);
        if (!found.Success)
        {
            throw new InvalidOperationException($"The brief template view '{viewPath}' was not found (looked in: {string.Join(", ", found.SearchedLocations)}).");
        }

        var actionContext = new ActionContext(httpContext, httpContext.GetRouteData(), new ActionDescriptor());
        var viewData = new ViewDataDictionary<BriefDocumentModel>(metadata, new ModelStateDictionary()) { Model = model };

        // A private writer: a template that fails half-way leaves nothing behind in the response.
        await using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var viewContext = new ViewContext(actionContext, found.View, viewData, new TempDataDictionary(httpContext, tempData), writer, new HtmlHelperOptions());
        await found.View.RenderAsync(viewContext);
        return writer.ToString();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Brief template {TemplatePath}: {Error}")]
    private partial void LogTemplateFailed(string templatePath, string error);
}
