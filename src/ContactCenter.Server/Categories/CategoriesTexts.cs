namespace ContactCenter.Server.Categories;

/// <summary>Texts of the category list and mask, their answer templates and the category API (<c>CategoriesTexts.resx</c>, <c>CategoriesTexts.de.resx</c>).</summary>
public sealed class CategoriesTexts;
